namespace Parley.Protocol;

/// <summary>
/// A message between the participants of one channel. The transport frames and encodes it (docs/wire-format.md);
/// the protocol core consumes and produces it. Byte arrays are owned by the message and not modified.
/// </summary>
/// <param name="ChannelId">The channel the message is about.</param>
public abstract record ChannelMessage(Bytes32 ChannelId);

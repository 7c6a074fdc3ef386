namespace Parley.Protocol;

/// <summary>
/// The sender has durably stored (fsynced, per its store's durability) every state of the channel up to and
/// including <paramref name="TurnNum"/>. Sent after the store commit, never before.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The highest turnNum stored.</param>
public sealed record AckMessage(Bytes32 ChannelId, ulong TurnNum) : ChannelMessage(ChannelId);

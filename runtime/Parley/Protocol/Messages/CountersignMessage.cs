namespace Parley.Protocol;

/// <summary>
/// A participant's signature on a state the receiver already holds (or is about to: the pre-fund state of a
/// proposal, a conclude proposal): joining a channel, checkpointing a mover-signed state so it becomes signed by
/// all, or agreeing to conclude.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The signed state's turnNum.</param>
/// <param name="StateHash">The signed state's EIP-712 digest.</param>
/// <param name="Signature">The 65-byte signature r ‖ s ‖ v over <paramref name="StateHash"/> (validated by the receiver).</param>
public sealed record CountersignMessage(Bytes32 ChannelId, ulong TurnNum, Bytes32 StateHash, byte[] Signature) : ChannelMessage(ChannelId);

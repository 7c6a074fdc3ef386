namespace Parley.Protocol;

/// <summary>
/// A proposal to conclude: the state with turnNum <paramref name="TurnNum"/> that repeats the appData and outcome of
/// the supported state it builds on (<paramref name="ParentHash"/>, turnNum − 1) with <c>isFinal = true</c>, signed by
/// the proposer. Once every participant signed it the channel is concluded (DESIGN.md, cooperative close).
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The final state's turnNum (the parent's + 1).</param>
/// <param name="ParentHash">The digest of the supported state whose appData and outcome are concluded.</param>
/// <param name="Signature">The proposer's 65-byte signature over the final state's digest.</param>
public sealed record ConcludeMessage(Bytes32 ChannelId, ulong TurnNum, Bytes32 ParentHash, byte[] Signature) : ChannelMessage(ChannelId);

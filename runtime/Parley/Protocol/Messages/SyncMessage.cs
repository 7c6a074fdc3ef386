namespace Parley.Protocol;

/// <summary>
/// Sent for every shared channel when a connection is (re)established, and in answer to a SYNC about a channel the
/// receiver does not know: where the sender stands, so the receiver resends what the sender lacks (the proposal,
/// the states after <paramref name="LatestFullySignedTurn"/>, and the signatures it holds on them).
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Known">Whether the sender knows the channel at all; if false the turnNums are 0.</param>
/// <param name="LatestTurnNum">The turnNum of the sender's latest logged state.</param>
/// <param name="LatestFullySignedTurn">The turnNum of the sender's latest state signed by every participant.</param>
public sealed record SyncMessage(Bytes32 ChannelId, bool Known, ulong LatestTurnNum, ulong LatestFullySignedTurn) : ChannelMessage(ChannelId);

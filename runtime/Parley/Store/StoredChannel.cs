namespace Parley.Store;

/// <summary>
/// What a restart needs to resume a channel without replaying its whole log: see
/// <see cref="IChannelStore.LoadChannelAsync"/>.
/// </summary>
/// <param name="Registration">The channel's registration.</param>
/// <param name="Latest">The channel's head, or null if the channel was registered without one.</param>
/// <param name="HighestSignedTurn">The highest turnNum this node has signed in the channel, −1 for none.</param>
/// <param name="Tail">
/// The log entries from the latest fully signed state (<see cref="LatestState.LatestFullySignedTurn"/>) to the end of
/// the log, in turnNum order: the support proof of the head, and any agreed state still awaiting signatures after it.
/// </param>
/// <param name="TailSignatures">Every stored signature on the turnNums of <see cref="Tail"/>.</param>
/// <param name="RecentHashes">
/// The state hashes of the last logged entries (at most the number asked for), oldest first, for replay detection.
/// </param>
public sealed record StoredChannel(
    ChannelRegistration Registration,
    LatestState? Latest,
    long HighestSignedTurn,
    IReadOnlyList<LogEntry> Tail,
    IReadOnlyList<StoredSignature> TailSignatures,
    IReadOnlyList<(ulong TurnNum, Bytes32 StateHash)> RecentHashes);

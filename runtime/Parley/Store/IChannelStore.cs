namespace Parley.Store;

/// <summary>
/// The durable event store of a node's channels: per channel its registration (the fixed part), the append-only log
/// of states and actions with their signatures, periodic snapshots, the latest supported state, and the highest
/// turnNum this node has signed (the never-sign-twice guard).
/// </summary>
/// <remarks>
/// Implementations must make <see cref="CommitAsync"/> atomic and durable (per <see cref="Durability"/>) before the
/// returned task completes, and must enforce the signing guard and the append-only rule inside the same transaction
/// (see <see cref="ChannelWriteBatch"/>). All members are thread-safe. <see cref="SqliteChannelStore"/> is the
/// default implementation.
/// </remarks>
public interface IChannelStore : IAsyncDisposable
{
    /// <summary>The durability a completed commit has.</summary>
    StoreDurability Durability { get; }

    /// <summary>
    /// Persists a batch atomically. The task completes only once the batch is durable; concurrent commits from many
    /// channels are grouped into one transaction (group commit), each batch still all-or-nothing.
    /// </summary>
    /// <param name="batch">The records; the store takes ownership (the caller must not change it afterwards).</param>
    /// <param name="cancellationToken">Cancels waiting; a batch already handed to the writer may still commit.</param>
    /// <exception cref="SigningGuardException">An own signature would not advance the highest signed turnNum; nothing was written.</exception>
    /// <exception cref="StoreException">The batch breaks the append-only rule, names an unregistered channel, or the database failed; nothing was written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    Task CommitAsync(ChannelWriteBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The ids of every registered channel, in byte order.</summary>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<IReadOnlyList<Bytes32>> ListChannelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads what a restart needs to resume a channel, or null if it is not registered.</summary>
    /// <param name="channelId">The channel.</param>
    /// <param name="recentHashCount">How many of the last state hashes to return in <see cref="StoredChannel.RecentHashes"/> (≥ 0).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<StoredChannel?> LoadChannelAsync(Bytes32 channelId, int recentHashCount, CancellationToken cancellationToken = default);

    /// <summary>The log entries with <paramref name="fromTurn"/> ≤ turnNum ≤ <paramref name="toTurn"/>, in turnNum order.</summary>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default);

    /// <summary>The signatures on turnNums <paramref name="fromTurn"/> … <paramref name="toTurn"/>, ordered by turnNum then participant.</summary>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<IReadOnlyList<StoredSignature>> ReadSignaturesAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default);

    /// <summary>The snapshot with the greatest turnNum ≤ <paramref name="atOrBeforeTurn"/>, or null if none.</summary>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<ChannelSnapshot?> LoadSnapshotAsync(Bytes32 channelId, ulong atOrBeforeTurn, CancellationToken cancellationToken = default);

    /// <summary>The turnNums of a channel's snapshots, in increasing order.</summary>
    /// <exception cref="StoreException">The database failed.</exception>
    Task<IReadOnlyList<ulong>> ListSnapshotsAsync(Bytes32 channelId, CancellationToken cancellationToken = default);
}

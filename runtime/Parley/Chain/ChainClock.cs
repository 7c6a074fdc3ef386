namespace Parley.Chain;

/// <summary>
/// Chain time as a <see cref="TimeProvider"/>: the timestamp of the latest block seen (what Solidity's
/// <c>block.timestamp</c> read in it), advanced by the local time elapsed since that block was seen. Challenge windows,
/// funding deadlines and other time-outs that the chain enforces are compared with this clock, not with the local wall
/// clock, which may differ from chain time (a dev chain after <c>evm_increaseTime</c>, a skewed machine).
/// </summary>
/// <remarks>
/// <para>Feed it blocks with <see cref="Observe"/> (a <see cref="LogPoller"/> round's <see cref="LogPollResult.Head"/>)
/// or <see cref="SyncAsync"/>. Before the first block it falls back to the local clock.</para>
/// <para>The extrapolation estimates the timestamp the next block would get: on a chain producing blocks steadily the
/// latest block lags by at most a block interval; on anvil with automine, blocks are stamped with the local time plus
/// the time-travel offset, which the extrapolation reproduces. <see cref="LatestBlockTimestamp"/> is the exact,
/// unextrapolated value. After a reorganisation to a chain with an older head the clock follows it back.</para>
/// <para>Timers created from this provider (<see cref="TimeProvider.CreateTimer"/>) run on local elapsed time, which is
/// the same rate. Thread-safe.</para>
/// </remarks>
public sealed class ChainClock : TimeProvider
{
    private readonly TimeProvider _local;
    private readonly Lock _lock = new();
    private BlockHeader? _latest;
    private long _observedAt;

    /// <summary>Creates a clock.</summary>
    /// <param name="local">The local clock used to extrapolate and before the first block; <see cref="TimeProvider.System"/> by default.</param>
    public ChainClock(TimeProvider? local = null) => _local = local ?? System;

    /// <summary>The latest block observed; null before the first.</summary>
    public BlockHeader? LatestBlock
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>The latest observed block's timestamp (unix seconds), or null before the first block.</summary>
    public ulong? LatestBlockTimestamp => LatestBlock?.Timestamp;

    /// <summary>Chain time now, in whole unix seconds (see <see cref="GetUtcNow"/>).</summary>
    public ulong NowSeconds => (ulong)Math.Max(0, GetUtcNow().ToUnixTimeSeconds());

    /// <summary>Whether chain time has reached <paramref name="deadline"/> (unix seconds): the next block will have a
    /// timestamp at or after it, by this clock's estimate.</summary>
    public bool HasReached(ulong deadline) => NowSeconds >= deadline;

    /// <summary>Records the chain's head block: it becomes the reference when it is newer than the current one (a higher
    /// number), or when it replaced it (another hash at the same or a lower number: a reorganisation, or a dev chain
    /// reverted to a snapshot). Feed it heads only, not older blocks.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="head"/> is null.</exception>
    public void Observe(BlockHeader head)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_lock)
        {
            if (_latest is null || head.Number > _latest.Number || head.Hash != _latest.Hash)
            {
                _latest = head;
                _observedAt = _local.GetTimestamp();
            }
        }
    }

    /// <summary>Reads the latest block from <paramref name="rpc"/> and observes it.</summary>
    /// <returns>The latest block.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    public async Task<BlockHeader> SyncAsync(JsonRpcClient rpc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var block = await rpc.GetBlockAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcFormatException("eth_getBlockByNumber", "the node has no latest block");
        Observe(block);
        return block;
    }

    /// <summary>Chain time: the latest block's timestamp plus the local time elapsed since it was observed; the local
    /// clock before any block.</summary>
    public override DateTimeOffset GetUtcNow()
    {
        BlockHeader? latest;
        long observedAt;
        lock (_lock)
        {
            latest = _latest;
            observedAt = _observedAt;
        }
        return latest is null ? _local.GetUtcNow() : latest.Time + _local.GetElapsedTime(observedAt);
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => _local.GetTimestamp();

    /// <inheritdoc/>
    public override long TimestampFrequency => _local.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _local.LocalTimeZone;
}

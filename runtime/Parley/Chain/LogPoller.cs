using System.Collections.Immutable;

namespace Parley.Chain;

/// <summary>
/// Follows event logs with <c>eth_getLogs</c> from a cursor persisted in an <see cref="ILogCursorStore"/>: each round
/// hands every new log to a handler in chain order, then saves the cursor. Logs are processed once
/// <see cref="LogPollerOptions.Confirmations"/> blocks follow them; reorganisations within
/// <see cref="LogPollerOptions.ReorgWindow"/> blocks are detected by re-reading those blocks and comparing each log's
/// block hash with the one processed.
/// </summary>
/// <remarks>
/// <para><b>Round.</b> Read the head (<c>eth_getBlockByNumber("latest")</c>); <c>safe</c> = head − confirmations. Read the
/// logs of blocks <c>max(start, next − window)</c> … <c>min(safe, next + MaxBlockRange − 1)</c>. A remembered log
/// that is not among them (its block hash changed, or its block is gone) is <b>retracted</b>: handed to the handler again
/// with <see cref="LogEntry.Removed"/> set, newest first. A log not remembered (new, or the same event in a replacing
/// block) is <b>added</b>, oldest first. Remembered logs above <c>safe</c> (the chain got shorter) are retracted too.
/// The cursor then advances and is saved.</para>
/// <para><b>Delivery</b> is at least once: if the handler throws, or the process stops before the save, the round's logs
/// are handed over again by the next round. Handlers must be idempotent.</para>
/// <para>Not thread-safe: one round at a time (<see cref="RunAsync"/> loops).</para>
/// </remarks>
public sealed class LogPoller
{
    private readonly JsonRpcClient _rpc;
    private readonly ILogCursorStore _cursors;
    private LogCursor? _cursor;

    /// <summary>Creates a poller; nothing is read until the first round.</summary>
    /// <param name="rpc">The node.</param>
    /// <param name="options">What to follow.</param>
    /// <param name="cursors">Where the cursor is kept.</param>
    /// <param name="cursorName">The cursor's name in <paramref name="cursors"/> (see <see cref="FileLogCursorStore.ValidateName"/>).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursorName"/> is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LogPoller(JsonRpcClient rpc, LogPollerOptions options, ILogCursorStore cursors, string cursorName)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cursors);
        options.Validate();
        FileLogCursorStore.ValidateName(cursorName);
        _rpc = rpc;
        _cursors = cursors;
        Options = options;
        CursorName = cursorName;
    }

    /// <summary>The options.</summary>
    public LogPollerOptions Options { get; }

    /// <summary>The cursor's name.</summary>
    public string CursorName { get; }

    /// <summary>The cursor after the last completed round (loaded on the first round); null before.</summary>
    public LogCursor? Cursor => _cursor;

    /// <summary>Whether the cursor was loaded from the store (a resumed poller) rather than started at
    /// <see cref="LogPollerOptions.StartBlock"/>; null before the first round.</summary>
    public bool? Resumed { get; private set; }

    /// <summary>Runs one round (see the remarks of <see cref="LogPoller"/>).</summary>
    /// <param name="handler">Called for each retracted log (with <see cref="LogEntry.Removed"/> true), then each new log.</param>
    /// <param name="cancellationToken">Cancels the round (the cursor is then not saved).</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="InvalidDataException">The saved cursor is corrupt.</exception>
    public async Task<LogPollResult> PollAsync(Func<LogEntry, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_cursor is null)
        {
            var loaded = await _cursors.LoadAsync(CursorName, cancellationToken).ConfigureAwait(false);
            Resumed = loaded is not null;
            _cursor = loaded ?? LogCursor.At(Options.StartBlock);
        }
        var cursor = _cursor;
        var head = await _rpc.GetBlockAsync(BlockTag.Latest, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcFormatException("eth_getBlockByNumber", "the node has no latest block");
        var confirmations = (ulong)Options.Confirmations;
        ulong? safe = head.Number >= confirmations ? head.Number - confirmations : null;

        var retracted = new List<LogEntry>();
        var added = new List<LogEntry>();
        var kept = new List<LogEntry>();
        ulong nextBlock;
        var caughtUp = true;
        if (safe is not { } safeBlock || safeBlock < Options.StartBlock)
        {
            // Nothing confirmed at or after the start block: anything processed before is gone from the chain.
            retracted.AddRange(cursor.Recent);
            nextBlock = Options.StartBlock;
        }
        else
        {
            var windowStart = cursor.NextBlock > (ulong)Options.ReorgWindow ? cursor.NextBlock - (ulong)Options.ReorgWindow : 0;
            var from = Math.Max(windowStart, Options.StartBlock);
            // Up to the safe block (which may be below the cursor if the chain got shorter), at most MaxBlockRange new blocks.
            var to = safeBlock;
            if (safeBlock >= cursor.NextBlock && safeBlock - cursor.NextBlock >= Options.MaxBlockRange)
            {
                to = cursor.NextBlock + Options.MaxBlockRange - 1;
                caughtUp = false;
            }
            IReadOnlyList<LogEntry> logs = from <= to
                ? await _rpc.GetLogsAsync(new LogFilter(from, to, Options.Addresses, Options.Topics), cancellationToken).ConfigureAwait(false)
                : [];
            foreach (var old in cursor.Recent)
            {
                if (old.BlockNumber < from || (old.BlockNumber <= to && logs.Any(l => l.IsSameLog(old))))
                {
                    kept.Add(old);
                }
                else
                {
                    retracted.Add(old); // its block was replaced, or is no longer (confirmed) in the chain
                }
            }
            foreach (var log in logs)
            {
                // A node may flag removed logs in a range query: they are not in the chain.
                if (!log.Removed && !cursor.Recent.Any(old => old.IsSameLog(log)))
                {
                    added.Add(log);
                }
            }
            nextBlock = to + 1;
        }

        retracted.Sort(static (a, b) => CompareChainOrder(b, a));
        foreach (var log in retracted)
        {
            await handler(log with { Removed = true }, cancellationToken).ConfigureAwait(false);
        }
        foreach (var log in added)
        {
            await handler(log, cancellationToken).ConfigureAwait(false);
        }

        var pruneBelow = nextBlock > (ulong)Options.ReorgWindow ? nextBlock - (ulong)Options.ReorgWindow : 0;
        var recent = kept.Concat(added).Where(l => l.BlockNumber >= pruneBelow).OrderBy(static l => l, Comparer<LogEntry>.Create(CompareChainOrder)).ToImmutableArray();
        var next = new LogCursor(nextBlock, recent);
        await _cursors.SaveAsync(CursorName, next, cancellationToken).ConfigureAwait(false);
        _cursor = next;
        return new LogPollResult(head, nextBlock > Options.StartBlock ? nextBlock - 1 : null, added.Count, retracted.Count, caughtUp);
    }

    /// <summary>
    /// Polls until cancelled: a round, then <see cref="LogPollerOptions.PollInterval"/> (none while catching up).
    /// </summary>
    /// <param name="handler">As for <see cref="PollAsync"/>.</param>
    /// <param name="onRound">Called after each round (e.g. to sync a <see cref="ChainClock"/> with the head); may be null.</param>
    /// <param name="onError">Called when a round fails (node unreachable, handler threw); the loop goes on after the poll
    /// interval. Null to let the exception end the loop.</param>
    /// <param name="cancellationToken">Stops the loop (the returned task then completes normally).</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public async Task RunAsync(Func<LogEntry, CancellationToken, Task> handler, Func<LogPollResult, CancellationToken, Task>? onRound = null,
        Action<Exception>? onError = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = true;
            try
            {
                var result = await PollAsync(handler, cancellationToken).ConfigureAwait(false);
                if (onRound is not null)
                {
                    await onRound(result, cancellationToken).ConfigureAwait(false);
                }
                delay = result.CaughtUp;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (onError is not null)
            {
                onError(e);
            }
            if (delay)
            {
                try
                {
                    await Task.Delay(Options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static int CompareChainOrder(LogEntry a, LogEntry b)
    {
        var byBlock = a.BlockNumber.CompareTo(b.BlockNumber);
        return byBlock != 0 ? byBlock : a.LogIndex.CompareTo(b.LogIndex);
    }
}

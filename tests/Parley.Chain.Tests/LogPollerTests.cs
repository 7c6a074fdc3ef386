using Parley.Chain;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public class LogPollerTests(RpcProbeFixture chain) : IClassFixture<RpcProbeFixture>, IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-cursor-").FullName;
    private string _snapshot = "";

    public async Task InitializeAsync() => _snapshot = await chain.SnapshotAsync();

    public async Task DisposeAsync()
    {
        await chain.RevertAsync(_snapshot);
        Directory.Delete(_directory, recursive: true);
    }

    private JsonRpcClient Rpc => chain.Rpc;

    private async Task<TransactionReceipt> PokeAsync(ulong n) =>
        await chain.TransactAsync(new TransactionRequest(chain.Accounts[1].Address, chain.Probe,
            Data: Calldata.Call("poke(uint256,bytes)", Calldata.Word(n), Calldata.Word(64UL), Calldata.BytesTail([]))));

    private async Task<LogPoller> PollerAsync(ILogCursorStore store, string name = "probe", int confirmations = 0, ulong maxRange = 5_000, ulong? start = null) =>
        new(Rpc, new LogPollerOptions
        {
            Addresses = [chain.Probe],
            StartBlock = start ?? await Rpc.BlockNumberAsync() + 1,
            Confirmations = confirmations,
            MaxBlockRange = maxRange,
            ReorgWindow = 16,
        }, store, name);

    private static ulong N(LogEntry log) => (ulong)UInt256.ReadBigEndian(log.Topics[2].AsSpan());

    private sealed class Recorder
    {
        public List<LogEntry> Seen { get; } = [];

        public Task Handle(LogEntry log, CancellationToken _)
        {
            Seen.Add(log);
            return Task.CompletedTask;
        }

        public IEnumerable<string> Summary => Seen.Select(l => (l.Removed ? "-" : "+") + N(l));
    }

    [Fact]
    public async Task Follows_new_logs_in_chain_order_and_resumes_from_the_saved_cursor()
    {
        var store = new FileLogCursorStore(_directory);
        var start = await Rpc.BlockNumberAsync() + 1;
        var poller = await PollerAsync(store, start: start);
        var recorder = new Recorder();
        Assert.Equal(0, (await poller.PollAsync(recorder.Handle)).Added);
        Assert.False(poller.Resumed);

        await PokeAsync(1);
        await PokeAsync(2);
        await PokeAsync(3);
        var result = await poller.PollAsync(recorder.Handle);
        Assert.Equal(3, result.Added);
        Assert.True(result.CaughtUp);
        Assert.Equal(["+1", "+2", "+3"], recorder.Summary);
        Assert.Equal(await Rpc.BlockNumberAsync(), result.ProcessedThrough);
        Assert.Equal(0, (await poller.PollAsync(recorder.Handle)).Added);

        // A new poller on the same store (a restart) resumes after the logs already processed.
        await PokeAsync(4);
        await PokeAsync(5);
        var restarted = await PollerAsync(store, start: start);
        var after = new Recorder();
        await restarted.PollAsync(after.Handle);
        Assert.True(restarted.Resumed);
        Assert.Equal(["+4", "+5"], after.Summary);
        Assert.True(File.Exists(store.PathOf("probe")));
        Assert.False(File.Exists(store.PathOf("probe") + ".tmp"));
        Assert.Equal(!OperatingSystem.IsWindows(), store.LastSaveFlushedDirectory);
    }

    [Fact]
    public async Task Logs_wait_for_their_confirmations()
    {
        var poller = await PollerAsync(new InMemoryLogCursorStore(), confirmations: 2);
        var recorder = new Recorder();
        await PokeAsync(7);
        Assert.Equal(0, (await poller.PollAsync(recorder.Handle)).Added);
        await Rpc.MineAsync();
        Assert.Equal(0, (await poller.PollAsync(recorder.Handle)).Added);
        await Rpc.MineAsync();
        var result = await poller.PollAsync(recorder.Handle);
        Assert.Equal(1, result.Added);
        Assert.Equal(await Rpc.BlockNumberAsync() - 2, result.ProcessedThrough);
        Assert.Equal(["+7"], recorder.Summary);
    }

    [Fact]
    public async Task A_reorg_retracts_logs_of_replaced_blocks_and_processes_their_replacements()
    {
        var poller = await PollerAsync(new InMemoryLogCursorStore());
        var recorder = new Recorder();
        await PokeAsync(1);
        var fork = await chain.SnapshotAsync();
        var two = await PokeAsync(2);
        var three = await PokeAsync(3);
        await poller.PollAsync(recorder.Handle);
        Assert.Equal(["+1", "+2", "+3"], recorder.Summary);

        // Another branch from block "1": a different block at 2's height, then one more (a longer chain).
        await chain.RevertAsync(fork);
        await Rpc.MineAsync(); // an empty block where "2" was
        var twenty = await PokeAsync(20);
        await PokeAsync(21);
        recorder.Seen.Clear();
        var result = await poller.PollAsync(recorder.Handle);

        Assert.Equal(2, result.Retracted);
        Assert.Equal(["-3", "-2", "+20", "+21"], recorder.Summary);
        Assert.Equal(three.BlockHash, recorder.Seen[0].BlockHash);
        Assert.Equal(two.BlockNumber, twenty.BlockNumber - 1);
        Assert.All(poller.Cursor!.Recent, l => Assert.False(l.Removed));
        Assert.Equal([1UL, 20UL, 21UL], poller.Cursor.Recent.Select(N));
    }

    [Fact]
    public async Task A_shorter_chain_retracts_the_lost_logs_and_moves_the_cursor_back()
    {
        var poller = await PollerAsync(new InMemoryLogCursorStore());
        var recorder = new Recorder();
        await PokeAsync(1);
        var fork = await chain.SnapshotAsync();
        var forkHead = await Rpc.BlockNumberAsync();
        await PokeAsync(2);
        await Rpc.MineAsync(3);
        await poller.PollAsync(recorder.Handle);

        await chain.RevertAsync(fork);
        recorder.Seen.Clear();
        var result = await poller.PollAsync(recorder.Handle);
        Assert.Equal(["-2"], recorder.Summary);
        Assert.Equal(forkHead + 1, poller.Cursor!.NextBlock);
        Assert.Equal(forkHead, result.ProcessedThrough);

        // The chain grows again past the old height: the new log is processed once.
        await PokeAsync(5);
        recorder.Seen.Clear();
        await poller.PollAsync(recorder.Handle);
        Assert.Equal(["+5"], recorder.Summary);
    }

    [Fact]
    public async Task A_long_backlog_is_read_in_chunks_and_every_log_is_delivered_once()
    {
        var start = await Rpc.BlockNumberAsync() + 1;
        for (ulong i = 1; i <= 6; i++)
        {
            await PokeAsync(i);
            await Rpc.MineAsync(2);
        }
        var poller = await PollerAsync(new InMemoryLogCursorStore(), maxRange: 4, start: start);
        var recorder = new Recorder();
        var rounds = 0;
        while (!(await poller.PollAsync(recorder.Handle)).CaughtUp)
        {
            rounds++;
        }
        Assert.True(rounds >= 3, $"{rounds} rounds");
        Assert.Equal(["+1", "+2", "+3", "+4", "+5", "+6"], recorder.Summary);
    }

    [Fact]
    public async Task Logs_are_handed_over_again_when_the_handler_fails()
    {
        var store = new InMemoryLogCursorStore();
        var poller = await PollerAsync(store);
        await PokeAsync(1);
        await PokeAsync(2);
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => poller.PollAsync((log, _) =>
            ++calls == 2 ? throw new InvalidOperationException("handler failed") : Task.CompletedTask));
        Assert.Null(await store.LoadAsync("probe"));

        var recorder = new Recorder();
        await poller.PollAsync(recorder.Handle);
        Assert.Equal(["+1", "+2"], recorder.Summary);
    }

    [Fact]
    public async Task The_run_loop_polls_until_cancelled_and_reports_each_round()
    {
        var poller = new LogPoller(Rpc, new LogPollerOptions
        {
            Addresses = [chain.Probe],
            StartBlock = await Rpc.BlockNumberAsync() + 1,
            PollInterval = TimeSpan.FromMilliseconds(10),
        }, new InMemoryLogCursorStore(), "loop");
        var recorder = new Recorder();
        var clock = new ChainClock();
        using var stop = new CancellationTokenSource();
        var seen = new TaskCompletionSource();
        var loop = poller.RunAsync(
            async (log, ct) =>
            {
                await recorder.Handle(log, ct);
                seen.TrySetResult();
            },
            (round, _) =>
            {
                clock.Observe(round.Head);
                return Task.CompletedTask;
            },
            cancellationToken: stop.Token);
        var receipt = await PokeAsync(9);
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["+9"], recorder.Summary);
        Assert.True(clock.LatestBlock!.Number >= receipt.BlockNumber);
    }

    [Fact]
    public async Task The_file_store_round_trips_cursors_and_refuses_bad_names_and_corrupt_files()
    {
        var store = new FileLogCursorStore(_directory);
        Assert.Null(await store.LoadAsync("none"));
        var receipt = await PokeAsync(3);
        var cursor = new LogCursor(receipt.BlockNumber + 1, [.. receipt.Logs]);
        await store.SaveAsync("a-b_c.1", cursor);
        var loaded = await store.LoadAsync("a-b_c.1");
        Assert.Equal(cursor.NextBlock, loaded!.NextBlock);
        var log = Assert.Single(loaded.Recent);
        Assert.True(log.IsSameLog(receipt.Logs[0]));
        Assert.Equal(receipt.Logs[0].Data.ToArray(), log.Data.ToArray());
        Assert.Equal(receipt.Logs[0].Topics, log.Topics);
        Assert.Equal(receipt.Logs[0].TransactionHash, log.TransactionHash);

        foreach (var bad in new[] { "", "../x", "a/b", ".hidden", new string('a', 101), "a b" })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SaveAsync(bad, cursor));
        }
        await File.WriteAllTextAsync(store.PathOf("corrupt"), "{\"version\":1,\"nextBlock\":\"0x01\",\"recent\":[]}");
        Assert.Contains("leading zeros", (await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("corrupt"))).Message);
        await File.WriteAllTextAsync(store.PathOf("corrupt"), "{\"version\":2}");
        Assert.Contains("version", (await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("corrupt"))).Message);
        await File.WriteAllTextAsync(store.PathOf("corrupt"), "not json");
        await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("corrupt"));
    }
}

public class ChainClockTests(RpcProbeFixture chain) : IClassFixture<RpcProbeFixture>
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;

        public DateTimeOffset Now { get; private set; } = start;

        public void Advance(TimeSpan by)
        {
            Now += by;
            _ticks += by.Ticks;
        }

        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private static BlockHeader Block(ulong number, ulong timestamp, byte tag = 0) =>
        new(number, new Bytes32([.. Enumerable.Repeat(tag, 31), (byte)number]), default, timestamp, 30_000_000, 0, 1UL);

    [Fact]
    public void Chain_time_is_the_latest_block_plus_local_elapsed_time()
    {
        var local = new ManualTime(DateTimeOffset.FromUnixTimeSeconds(1_000));
        var clock = new ChainClock(local);
        Assert.Equal(local.Now, clock.GetUtcNow());
        Assert.Null(clock.LatestBlockTimestamp);

        clock.Observe(Block(10, 5_000_000));
        Assert.Equal(5_000_000UL, clock.NowSeconds);
        local.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(5_000_007UL, clock.NowSeconds);
        Assert.True(clock.HasReached(5_000_007));
        Assert.False(clock.HasReached(5_000_008));

        clock.Observe(Block(10, 5_000_000)); // the same head again: the reference does not move
        Assert.Equal(5_000_007UL, clock.NowSeconds);
        clock.Observe(Block(11, 5_000_012));
        Assert.Equal(5_000_012UL, clock.NowSeconds);
        // A replaced head with a lower number and an older time (a revert): chain time follows it back.
        clock.Observe(Block(9, 4_000_000, tag: 1));
        Assert.Equal(4_000_000UL, clock.NowSeconds);
        Assert.Equal(9UL, clock.LatestBlock!.Number);
    }

    [Fact]
    public async Task Chain_time_follows_time_travel_not_the_wall_clock()
    {
        var snapshot = await chain.SnapshotAsync();
        try
        {
            await chain.Rpc.IncreaseTimeAsync(10_000_000);
            await chain.Rpc.MineAsync();
            var clock = new ChainClock();
            var head = await clock.SyncAsync(chain.Rpc);
            var wall = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.True(clock.NowSeconds >= head.Timestamp && clock.NowSeconds <= head.Timestamp + 5);
            Assert.True(clock.NowSeconds > wall + 9_000_000);
        }
        finally
        {
            await chain.RevertAsync(snapshot);
        }
    }
}

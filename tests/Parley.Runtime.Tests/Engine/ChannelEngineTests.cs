using Parley.Channels;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;
using Parley.Store;

namespace Parley.Runtime.Tests.Engine;

public sealed class ChannelEngineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_nodes_over_tcp_play_several_games_to_the_end_and_both_stores_rederive_cleanly()
    {
        await using var bob = await TestNode.StartTcpAsync(TestKeys.Bob, _dir.File("bob.db"));
        await using var alice = await TestNode.StartTcpAsync(TestKeys.Alice, _dir.File("alice.db"), [bob]);
        using var timeout = new CancellationTokenSource(Limit);
        var games = new List<Task>();
        var ids = new List<Bytes32>();
        for (ulong nonce = 1; nonce <= 4; nonce++)
        {
            var opened = await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(nonce), TicTacToe.Definition, TestKeys.Stakes());
            ids.Add(opened.ChannelId);
            await bob.Engine.WaitForAsync(opened.ChannelId, s => s.Phase != ChannelPhase.Proposed, timeout.Token);
            games.Add(Players.PlayTicTacToeAsync(alice.Engine, opened.ChannelId, new Random((int)nonce), timeout.Token));
            games.Add(Players.PlayTicTacToeAsync(bob.Engine, opened.ChannelId, new Random(100 + (int)nonce), timeout.Token));
        }
        await Task.WhenAll(games);
        foreach (var id in ids)
        {
            var a = await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Concluded, timeout.Token);
            var b = await bob.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Concluded, timeout.Token);
            Assert.Equal(a.Latest.Hash, b.Latest.Hash);
            Assert.True(a.Latest.IsFullySigned && b.Latest.IsFullySigned);
            var winner = TicTacToe.FromAppData(a.Latest.AppData).Winner;
            var expected = winner switch { 1 => TestKeys.Stakes(10, 0), 2 => TestKeys.Stakes(0, 10), _ => TestKeys.Stakes() };
            Assert.Equal(expected, a.Latest.Outcome);
            foreach (var node in new[] { alice, bob })
            {
                var report = await node.Engine.RederiveAsync(id);
                Assert.True(report.IsClean, report.ToString());
                Assert.Equal((int)a.Latest.TurnNum, report.EntriesChecked);
            }
            var proof = await alice.Engine.GetSupportProofAsync(id);
            Assert.Equal(a.Latest.TurnNum, proof.TurnNum);
            Assert.Empty(proof.Moves);
        }
    }

    [Fact]
    public async Task A_node_restarted_from_its_database_resyncs_and_finishes_the_game()
    {
        var bobDb = _dir.File("bob.db");
        var bob = await TestNode.StartTcpAsync(TestKeys.Bob, bobDb);
        var port = bob.EndPoint!.Port;
        await using var alice = await TestNode.StartTcpAsync(TestKeys.Alice, _dir.File("alice.db"), [bob]);
        using var timeout = new CancellationTokenSource(Limit);
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await bob.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1, timeout.Token);
        await bob.Engine.ActAsync(id, TicTacToe.Actions.Play(0), timeout.Token);
        await alice.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 2, timeout.Token);
        await bob.DisposeAsync();

        // While Bob is down Alice moves; her update is lost with the connection and must come back through SYNC.
        await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(8), timeout.Token);
        await using var bobAgain = await TestNode.StartTcpAsync(TestKeys.Bob, bobDb, port: port);
        Assert.Equal(2UL, bobAgain.Engine.GetChannel(id)!.Latest.TurnNum);
        var resynced = await bobAgain.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 3, timeout.Token);
        Assert.Equal(alice.Engine.GetChannel(id)!.Latest.Hash, resynced.Latest.Hash);
        await Task.WhenAll(
            Players.PlayTicTacToeAsync(alice.Engine, id, new Random(1), timeout.Token),
            Players.PlayTicTacToeAsync(bobAgain.Engine, id, new Random(2), timeout.Token));
        Assert.True((await bobAgain.Engine.RederiveAsync(id)).IsClean);
        Assert.True((await alice.Engine.RederiveAsync(id)).IsClean);
    }

    [Fact]
    public async Task Lost_messages_come_back_through_sync_when_the_link_heals()
    {
        var network = new InMemoryNetwork();
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network);
        using var timeout = new CancellationTokenSource(Limit);
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await bob.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);

        // Alice's move vanishes in transit; the link then drops and heals: SYNC recovers it.
        network.Deliver = (_, _, m) => m is not UpdateMessage;
        await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        await Task.Delay(100);
        Assert.Equal(0UL, bob.Engine.GetChannel(id)!.Latest.TurnNum);
        network.Deliver = (_, _, _) => true;
        network.Cut(TestKeys.Alice.Address, TestKeys.Bob.Address);
        network.Heal(TestKeys.Alice.Address, TestKeys.Bob.Address);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1, timeout.Token);

        // A skipped turn (Bob missed 2 of Alice's… here: Alice misses Bob's move, then gets the next) asks for the gap.
        network.Deliver = (_, to, m) => !(m is UpdateMessage { TurnNum: 2 } && to == TestKeys.Alice.Address);
        await bob.Engine.ActAsync(id, TicTacToe.Actions.Play(0), timeout.Token);
        network.Deliver = (_, _, _) => true;
        await Task.Delay(50);
        Assert.Equal(1UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
        network.Cut(TestKeys.Alice.Address, TestKeys.Bob.Address);
        network.Heal(TestKeys.Alice.Address, TestKeys.Bob.Address);
        await alice.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 2, timeout.Token);
    }

    [Fact]
    public async Task ActAsync_waits_while_too_many_states_are_unacknowledged()
    {
        var network = new InMemoryNetwork();
        var options = TestNode.FastOptions();
        options.MaxUnacknowledged = 1;
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network, options);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network, options);
        using var timeout = new CancellationTokenSource(Limit);
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), Parley.Runtime.Peer.Machines.PaymentStream.Definition, TestKeys.Stakes(1000, 0),
            cancellationToken: timeout.Token)).ChannelId;
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running && s.UnacknowledgedCount == 0, timeout.Token);
        // Nothing that acknowledges reaches Alice (an ACK, or a late SYNC from the connection's start).
        network.Deliver = (_, _, m) => m is not (AckMessage or SyncMessage);
        await alice.Engine.ActAsync(id, Parley.Runtime.Peer.Machines.PaymentStream.Actions.Pay(UInt256.One), timeout.Token);
        var second = alice.Engine.ActAsync(id, Parley.Runtime.Peer.Machines.PaymentStream.Actions.Pay(UInt256.One), timeout.Token);
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        network.Deliver = (_, _, _) => true;
        network.Cut(TestKeys.Alice.Address, TestKeys.Bob.Address);
        network.Heal(TestKeys.Alice.Address, TestKeys.Bob.Address); // Bob's SYNC acknowledges turnNum 1
        Assert.Equal(2UL, (await second.WaitAsync(timeout.Token)).TurnNum);
    }

    [Fact]
    public async Task A_failed_commit_sends_nothing_fails_the_request_and_reloads_the_channel()
    {
        var network = new InMemoryNetwork();
        FailingStore? failing = null;
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network,
            wrapStore: s => failing = new FailingStore(s));
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network);
        using var timeout = new CancellationTokenSource(Limit);
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        var sent = 0;
        network.Deliver = (from, _, _) => { if (from == TestKeys.Alice.Address) { Interlocked.Increment(ref sent); } return true; };
        failing!.FailNext = true;
        await Assert.ThrowsAsync<StoreException>(() => alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token));
        Assert.Equal(0, sent);
        Assert.Equal(0UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
        Assert.Equal(0, alice.Engine.GetChannel(id)!.HighestSignedTurn);
        // The same move can be made again: nothing was signed durably.
        Assert.Equal(1UL, (await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token)).TurnNum);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 1, timeout.Token);
    }

    [Fact]
    public async Task A_throwing_event_handler_neither_stalls_the_channel_nor_other_subscribers()
    {
        var network = new InMemoryNetwork();
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network);
        using var timeout = new CancellationTokenSource(Limit);
        var seen = 0;
        bob.Events.StateChanged += (_, _) => throw new InvalidOperationException("a buggy subscriber");
        bob.Events.StateChanged += (_, _) => Interlocked.Increment(ref seen);
        var stream = new List<ParleyEvent>();
        var id = TestKeys.TwoParty().ChannelId;
        var reading = Task.Run(async () =>
        {
            await foreach (var e in bob.Events.SubscribeAsync(id, cancellationToken: timeout.Token))
            {
                stream.Add(e);
                if (e is ChannelConcludedEvent)
                {
                    return;
                }
            }
        });
        await Task.Delay(50); // let the subscription register
        await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes());
        await Task.WhenAll(
            Players.PlayTicTacToeAsync(alice.Engine, id, new Random(5), timeout.Token),
            Players.PlayTicTacToeAsync(bob.Engine, id, new Random(6), timeout.Token));
        await reading.WaitAsync(timeout.Token);
        var turns = (int)bob.Engine.GetChannel(id)!.Latest.TurnNum;
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref seen) == turns, 5000));
        Assert.True(bob.Events.HandlerFailures >= turns);
        Assert.Contains(stream, e => e is ChannelProposedEvent);
        Assert.Equal(turns, stream.OfType<StateChangedEvent>().Count());
    }

    [Fact]
    public async Task A_peer_missing_its_deadline_raises_an_escalation_to_handlers_and_observers()
    {
        var network = new InMemoryNetwork();
        var options = TestNode.FastOptions(new ProtocolOptions { AgreementTime = TimeSpan.FromMilliseconds(200) });
        await using var alice = await TestNode.StartInMemoryAsync(TestKeys.Alice, _dir.File("a.db"), network, options);
        await using var bob = await TestNode.StartInMemoryAsync(TestKeys.Bob, _dir.File("b.db"), network, options);
        using var timeout = new CancellationTokenSource(Limit);
        var id = (await alice.Engine.OpenChannelAsync(TestKeys.TwoParty(), TicTacToe.Definition, TestKeys.Stakes())).ChannelId;
        await alice.Engine.WaitForAsync(id, s => s.Phase == ChannelPhase.Running, timeout.Token);
        var escalation = new TaskCompletionSource<EscalationNeededEvent>();
        alice.Events.EscalationNeeded += (_, e) => escalation.TrySetResult(e);
        network.Cut(TestKeys.Alice.Address, TestKeys.Bob.Address);
        await alice.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        var raised = await escalation.Task.WaitAsync(timeout.Token);
        Assert.Equal(EscalationKind.NoAcknowledgement, raised.Kind);
        Assert.Equal(id, raised.ChannelId);
        Assert.Equal([1], raised.Laggards);
        var proof = await alice.Engine.GetSupportProofAsync(id);
        Assert.Equal(1UL, proof.TurnNum);
        Assert.Single(proof.Moves);
    }

    private sealed class FailingStore(IChannelStore inner) : IChannelStore
    {
        public bool FailNext { get; set; }

        public StoreDurability Durability => inner.Durability;

        public Task CommitAsync(ChannelWriteBatch batch, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                return Task.FromException(new StoreException("simulated disk failure"));
            }
            return inner.CommitAsync(batch, cancellationToken);
        }

        public Task<IReadOnlyList<Bytes32>> ListChannelsAsync(CancellationToken cancellationToken = default) => inner.ListChannelsAsync(cancellationToken);

        public Task<StoredChannel?> LoadChannelAsync(Bytes32 channelId, int recentHashCount, CancellationToken cancellationToken = default) =>
            inner.LoadChannelAsync(channelId, recentHashCount, cancellationToken);

        public Task<IReadOnlyList<LogEntry>> ReadLogAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default) =>
            inner.ReadLogAsync(channelId, fromTurn, toTurn, cancellationToken);

        public Task<IReadOnlyList<StoredSignature>> ReadSignaturesAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default) =>
            inner.ReadSignaturesAsync(channelId, fromTurn, toTurn, cancellationToken);

        public Task<ChannelSnapshot?> LoadSnapshotAsync(Bytes32 channelId, ulong atOrBeforeTurn, CancellationToken cancellationToken = default) =>
            inner.LoadSnapshotAsync(channelId, atOrBeforeTurn, cancellationToken);

        public Task<IReadOnlyList<ulong>> ListSnapshotsAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
            inner.ListSnapshotsAsync(channelId, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

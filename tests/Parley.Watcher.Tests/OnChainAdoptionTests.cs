using System.Collections.Concurrent;
using Parley.Channels;
using Parley.Engine;
using Parley.Examples;
using Parley.Observers;
using Parley.Protocol;
using Parley.Settlement;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

/// <summary>
/// A dispute played to its end by <c>progress</c> alone: each node sends nothing off chain, adopts the other's moves from
/// the chain (<see cref="ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>)
/// and answers them with its own move, until the game ends on chain and the channel finalizes with the reducer's outcome.
/// </summary>
public class OnChainAdoptionTests(ChainFixture chain, ITestOutputHelper output) : TwoPartyScenario(chain, "adopt"), IClassFixture<ChainFixture>
{
    private WatcherOptions Options(IChallengeResponder? responder) =>
        new() { PollInterval = TimeSpan.FromMilliseconds(20), StartBlock = Anvil.Chain.AdjudicatorBlock, ChallengeResponder = responder };

    /// <summary>
    /// Plays the given cells in order, and checks at every request that its engine's latest state is the registered
    /// one it is asked to move on (so the other side's on-chain move was adopted first).
    /// </summary>
    private sealed class ScriptedResponder(ChannelEngine engine, params byte[] cells) : IChallengeResponder
    {
        private readonly ConcurrentQueue<byte> _cells = new(cells);

        public ConcurrentQueue<(ulong Turn, bool LatestWasRegistered)> Requests { get; } = new();

        public Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken)
        {
            var latest = engine.GetChannel(request.ChannelId)!.Latest;
            Requests.Enqueue((request.Registered.TurnNum, new VariablePart(latest.AppData, latest.Outcome, latest.TurnNum, latest.IsFinal).Equals(request.Registered)));
            return Task.FromResult(_cells.TryDequeue(out var cell) ? TicTacToe.Actions.Play(cell) : null);
        }
    }

    private static VariablePart Variable(LoggedState state) => new(state.AppData, state.Outcome, state.TurnNum, state.IsFinal);

    [Fact]
    public async Task A_dispute_is_played_to_a_win_by_progress_alone_and_pays_the_reducers_outcome()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0, 3); // off chain: X 0, O 3; turn 2, Alice (X) to move
        var aliceResponder = new ScriptedResponder(alice.Engine, 1, 2); // X: 1, then 2 wins the top row
        var bobResponder = new ScriptedResponder(bob.Engine, 4);        // O: 4
        await alice.StartWatcherAsync(Options(aliceResponder));
        await bob.StartWatcherAsync(Options(bobResponder));
        var aliceStates = new ConcurrentQueue<StateChangedEvent>();
        var bobStates = new ConcurrentQueue<StateChangedEvent>();
        alice.Events.EventPublished += (_, e) => { if (e is StateChangedEvent c) { aliceStates.Enqueue(c); } };
        bob.Events.EventPublished += (_, e) => { if (e is StateChangedEvent c) { bobStates.Enqueue(c); } };
        // From here on nothing leaves either node off chain.
        alice.Delivery.Drop = true;
        bob.Delivery.Drop = true;

        var challenge = await bob.Chain.ChallengeAsync(await bob.Engine.GetSupportProofAsync(id));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lastMove = await alice.WaitForAsync<ChallengeMoveMadeEvent>(e => e.ChallengedTurn == 4, TimeSpan.FromSeconds(60));
        output.WriteLine($"challenge on turnNum 2 mined in block {challenge.Receipt.BlockNumber}; the game ended on chain (turnNum 5) in block " +
            $"{lastMove.Receipt.Receipt.BlockNumber}, {started.Elapsed.TotalMilliseconds:F0} ms later");

        // The chain: three progress moves (Alice 3, Bob 4, Alice 5), the last one final, still challenged.
        var fixedPart = alice.Engine.GetChannel(id)!.FixedPart;
        var view = await alice.Chain.ReadChannelAsync(fixedPart, TicTacToe.Definition);
        Assert.Equal(OnChainPhase.Challenged, view.Phase);
        Assert.Equal(5UL, view.TurnNumRecord);
        Assert.True(view.Registered!.IsFinal);
        Assert.Equal([3UL, 4UL, 5UL], view.Moves.Select(m => m.After.TurnNum));
        Assert.Equal([0, 1, 0], view.Moves.Select(m => m.Progressed.MoverIndex));

        // Both engines hold exactly the registered state, and held every state the chain registered, in order.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await alice.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 5, timeout.Token);
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 5, timeout.Token);
        // Observers hear of a state after the engine shows it (events are delivered off the channel's loop): let them catch up.
        while (aliceStates.Count < 3 || bobStates.Count < 3)
        {
            await Task.Delay(10, timeout.Token);
        }
        Assert.Equal(view.Registered, Variable(alice.Engine.GetChannel(id)!.Latest));
        Assert.Equal(view.Registered, Variable(bob.Engine.GetChannel(id)!.Latest));
        foreach (var (party, states) in new[] { (alice, aliceStates), (bob, bobStates) })
        {
            Assert.Equal([3UL, 4UL, 5UL], states.Select(s => s.TurnNum));
            foreach (var move in view.Moves)
            {
                var held = states.Single(s => s.TurnNum == move.After.TurnNum);
                Assert.Equal(move.After, new VariablePart(held.AppData, held.Outcome, held.TurnNum, held.IsFinal));
            }
        }
        // Each responder was asked on a registered state its engine already held as its latest (the adopted move).
        Assert.Equal([(2UL, true), (4UL, true)], aliceResponder.Requests);
        Assert.Equal([(3UL, true)], bobResponder.Requests);
        // The moves really went only on chain: each side adopted the other's, and dropped its own updates.
        Assert.Equal([4UL], alice.WatcherEvents.OfType<MoveAdoptedEvent>().Select(e => e.Move.After.TurnNum));
        Assert.Equal([3UL, 5UL], bob.WatcherEvents.OfType<MoveAdoptedEvent>().Select(e => e.Move.After.TurnNum).Order());
        Assert.Equal(2, alice.Delivery.DroppedUpdates);
        Assert.Equal(1, bob.Delivery.DroppedUpdates);
        Assert.DoesNotContain(alice.WatcherEvents, e => e is MoveNeededEvent or MoveAdoptionRefusedEvent or WatcherFailedEvent);
        Assert.DoesNotContain(bob.WatcherEvents, e => e is MoveNeededEvent or MoveAdoptionRefusedEvent or WatcherFailedEvent);
        // The adopted states are stored signed by their mover alone; nobody signed the other's turns.
        var aliceSignatures = await alice.Store.ReadSignaturesAsync(id, 3, 5);
        Assert.Equal([(3UL, 0), (4UL, 1), (5UL, 0)], aliceSignatures.Select(s => (s.TurnNum, s.Participant)).Order());
        var bobSignatures = await bob.Store.ReadSignaturesAsync(id, 3, 5);
        Assert.Equal([(3UL, 0), (4UL, 1), (5UL, 0)], bobSignatures.Select(s => (s.TurnNum, s.Participant)).Order());
        Assert.Equal(5, alice.Engine.GetChannel(id)!.HighestSignedTurn);
        Assert.Equal(4, bob.Engine.GetChannel(id)!.HighestSignedTurn);

        // After the window the channel finalizes with the reducer's outcome: X won, Alice takes both stakes.
        var app = TicTacToe.Definition;
        var expected = app.InitialAppData();
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [Duel.Stake, Duel.Stake]));
        ulong turn = 0;
        foreach (var cell in new byte[] { 0, 3, 1, 4, 2 })
        {
            var next = app.Reduce(expected, outcome, TicTacToe.Actions.Play(cell), app.NextMover(expected, turn++));
            (expected, outcome) = (next.AppData, next.Outcome);
        }
        Assert.Equal(outcome, view.Registered.Outcome);
        var aliceBefore = await alice.Chain.BalanceAsync(Address.Zero);
        await Anvil.AdvanceAsync(view.FinalizesAt - view.ChainTime + 1);
        var paid = await alice.WaitForAsync<PayoutWithdrawnEvent>();
        await bob.WaitForAsync<ChannelFinalizedEvent>();
        Assert.Equal(outcome.Assets[0].Balances[0], paid.Amount);
        Assert.Equal(Duel.Stake + Duel.Stake, paid.Amount);
        Assert.True(outcome.Assets[0].Balances[1].IsZero);
        Assert.DoesNotContain(bob.WatcherEvents, e => e is PayoutWithdrawnEvent);
        Assert.True((await alice.Chain.HoldingsAsync(id, Address.Zero)).Amount.IsZero);
        Assert.Equal(aliceBefore + paid.Amount - paid.Receipt.Receipt.Fee, await alice.Chain.BalanceAsync(Address.Zero));
    }

    [Fact]
    public async Task A_watcher_started_after_the_counterpartys_progress_adopts_it_during_catch_up_and_answers()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0); // turn 1: Bob (O) to move
        alice.Delivery.Drop = true;
        bob.Delivery.Drop = true;
        await bob.StartWatcherAsync(Options(new ScriptedResponder(bob.Engine, 4)));
        // Alice (her node's watcher down) challenges; Bob answers on chain only.
        await alice.Chain.ChallengeAsync(await alice.Engine.GetSupportProofAsync(id));
        await bob.WaitForAsync<ChallengeMoveMadeEvent>();
        Assert.Equal(1UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);

        // Alice's watcher comes up: the catch-up adopts Bob's move and her responder answers, before StartAsync returns.
        var responder = new ScriptedResponder(alice.Engine, 1);
        await alice.StartWatcherAsync(Options(responder));
        var adopted = Assert.Single(alice.WatcherEvents.OfType<MoveAdoptedEvent>());
        Assert.Equal(2UL, adopted.Move.After.TurnNum);
        var made = Assert.Single(alice.WatcherEvents.OfType<ChallengeMoveMadeEvent>());
        Assert.Equal(2UL, made.ChallengedTurn);
        Assert.Equal([(2UL, true)], responder.Requests);
        Assert.Equal(3UL, (await alice.Chain.StatusAsync(id)).TurnNumRecord);
        Assert.Equal(3UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
    }

    [Fact]
    public async Task Forged_moves_are_refused_with_their_reason_and_the_store_does_not_change()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0); // turn 1: Bob (O) to move
        var state = alice.Engine.GetChannel(id)!;
        var before = Variable(state.Latest);
        var app = TicTacToe.Definition;
        Move Signed(byte cell, int mover, Crypto.PrivateKey key)
        {
            var next = app.Reduce(before.AppData.AsSpan(), before.Outcome, TicTacToe.Actions.Play(cell), mover);
            return new Move(TicTacToe.Actions.Play(cell), new State(state.FixedPart, new VariablePart(next.AppData, next.Outcome, 2, app.IsFinal(next.AppData))).Sign(key));
        }
        var log = await alice.Store.ReadLogAsync(id, 0, ulong.MaxValue);
        var signatures = await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        async Task Refused(RejectionReason reason, VariablePart on, int mover, Move move)
        {
            var refused = await Assert.ThrowsAsync<ChannelRequestException>(() => alice.Engine.AdoptOnChainMoveAsync(id, on, mover, move));
            Assert.Equal(reason, refused.Reason);
            Assert.Equal(log.Select(e => e.StateHash), (await alice.Store.ReadLogAsync(id, 0, ulong.MaxValue)).Select(e => e.StateHash));
            Assert.Equal(signatures, await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue));
            Assert.Equal(state.Latest.Hash, alice.Engine.GetChannel(id)!.Latest.Hash);
        }

        await Refused(RejectionReason.WrongMover, before, 1, Signed(5, 1, alice.Key));                 // wrong signer: Alice's key on Bob's move
        await Refused(RejectionReason.NotAParticipant, before, 1, Signed(5, 1, Crypto.PrivateKey.Generate())); // a stranger's key
        await Refused(RejectionReason.WrongMover, before, 0, Signed(5, 1, bob.Key));                   // wrong turn: names Alice
        await Refused(RejectionReason.TurnNumSkipped, new VariablePart(before.AppData.AsSpan(), before.Outcome, 2, false), 1, Signed(5, 1, bob.Key));
        await Refused(RejectionReason.ActionRejected, before, 1, new Move(TicTacToe.Actions.Play(0), Signed(5, 1, bob.Key).Signature)); // cell taken
        // The event overload checks the turn on record against the state moved on.
        await Assert.ThrowsAsync<ArgumentException>(() => alice.Engine.AdoptOnChainMoveAsync(before,
            new Contracts.ProgressedEvent(id, 3, 0, false, 1, Signed(5, 1, bob.Key))));
        // The genuine move is stored.
        Assert.True(await alice.Engine.AdoptOnChainMoveAsync(before, new Contracts.ProgressedEvent(id, 2, 0, false, 1, Signed(5, 1, bob.Key))));
        Assert.Equal(2UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
    }

    [Fact]
    public async Task A_fork_on_chain_is_refused_reported_and_ours_is_kept()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await Duel.PlayAsync(alice, bob, id, 0, 3, 1, 4); // turn 4 (Bob's O on 4) delivered to Alice
        var forks = new ConcurrentQueue<OnChainForkEvent>();
        alice.Events.EventPublished += (_, e) => { if (e is OnChainForkEvent f) { forks.Enqueue(f); } };
        var held = alice.Engine.GetChannel(id)!.Latest;

        // Bob registers turn 3 and progresses with another turn 4 (O on 5), signed with his key outside his engine.
        var proof = await Duel.StaleProofAsync(bob, id, 3);
        await bob.Chain.ChallengeAsync(proof);
        var app = TicTacToe.Definition;
        var three = proof.Resolve(app);
        var fixedPart = proof.Base.State.FixedPart;
        var other = app.Reduce(three.AppData.AsSpan(), three.Outcome, TicTacToe.Actions.Play(5), 1);
        var otherState = new VariablePart(other.AppData, other.Outcome, 4, app.IsFinal(other.AppData));
        var forged = new Move(TicTacToe.Actions.Play(5), new State(fixedPart, otherState).Sign(bob.Key));
        await bob.Chain.ProgressAsync(fixedPart, three, forged);

        await alice.StartWatcherAsync(Options(null));
        var refused = await alice.WaitForAsync<MoveAdoptionRefusedEvent>();
        Assert.Equal(RejectionReason.TurnNumRepeated, refused.Reason);
        Assert.Equal(otherState, refused.Move.After);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (forks.IsEmpty)
        {
            await Task.Delay(10, timeout.Token);
        }
        var fork = Assert.Single(forks);
        Assert.Equal((4UL, 1, held.Hash), (fork.TurnNum, fork.Signer, fork.HeldHash));
        Assert.Equal(new State(fixedPart, otherState).Digest, fork.OnChainHash);
        Assert.Equal(held.Hash, alice.Engine.GetChannel(id)!.Latest.Hash);
        Assert.Equal(held.Hash, (await alice.Store.ReadLogAsync(id, 4, 4)).Single().StateHash);
        Assert.Single(alice.WatcherEvents.OfType<MoveAdoptionRefusedEvent>());
    }
}

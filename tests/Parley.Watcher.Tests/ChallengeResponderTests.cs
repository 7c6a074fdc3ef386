using Parley.Channels;
using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;
using Parley.Settlement;
using Xunit.Abstractions;

namespace Parley.Watcher.Tests;

/// <summary>A challenge on this participant's turn, on its latest state: the responder's move is signed by the engine and sent by progress.</summary>
public class ChallengeResponderTests(ChainFixture chain, ITestOutputHelper output) : TwoPartyScenario(chain, "responder"), IClassFixture<ChainFixture>
{
    private WatcherOptions Options(IChallengeResponder? responder) =>
        new() { PollInterval = TimeSpan.FromMilliseconds(20), StartBlock = Anvil.Chain.AdjudicatorBlock, ChallengeResponder = responder };

    /// <summary>Plays a fixed cell and records every request.</summary>
    private sealed class CellResponder(byte cell) : IChallengeResponder
    {
        public List<ChallengeResponseRequest> Requests { get; } = [];

        public Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }
            return Task.FromResult<byte[]?>(TicTacToe.Actions.Play(cell));
        }
    }

    [Fact]
    public async Task A_challenge_on_our_latest_state_is_answered_by_the_responders_move_and_the_channel_continues_from_it()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        var responder = new CellResponder(1);
        await alice.StartWatcherAsync(Options(responder));
        await Duel.PlayAsync(alice, bob, id, 0, 3); // turn 2: Alice (X) to move

        // Bob challenges with his latest supported state (not stale): only a new move by Alice answers it.
        var challenge = await bob.Chain.ChallengeAsync(await bob.Engine.GetSupportProofAsync(id));
        var mined = System.Diagnostics.Stopwatch.StartNew();
        var made = await alice.WaitForAsync<ChallengeMoveMadeEvent>();
        output.WriteLine($"challenge mined in block {challenge.Receipt.BlockNumber} ({challenge.Receipt.GasUsed} gas); responder's progress mined in block " +
            $"{made.Receipt.Receipt.BlockNumber} ({made.Receipt.Receipt.GasUsed} gas), {mined.Elapsed.TotalMilliseconds:F0} ms after the challenge's receipt");
        Assert.Equal(challenge.Receipt.BlockNumber + 1, made.Receipt.Receipt.BlockNumber);
        Assert.Equal(2UL, made.ChallengedTurn);
        Assert.Equal(challenge.Receipt.BlockNumber, made.ChallengeBlock);
        Assert.Equal(TicTacToe.Actions.Play(1), made.Move.Action.ToArray());
        var request = Assert.Single(responder.Requests);
        Assert.Equal(2UL, request.Registered.TurnNum);
        Assert.Equal(0, request.MyIndex);

        // On chain: the progress is mined and the turn on record advanced to 3, still challenged (now against Bob).
        var status = await alice.Chain.StatusAsync(id);
        Assert.Equal(3UL, status.TurnNumRecord);
        Assert.NotEqual(0UL, status.FinalizesAt);
        // Off chain: Alice's latest state is that very turn, and Bob received it over the channel.
        var latest = alice.Engine.GetChannel(id)!.Latest;
        Assert.Equal(3UL, latest.TurnNum);
        var onChain = await alice.Chain.ReadChannelAsync(alice.Engine.GetChannel(id)!.FixedPart, TicTacToe.Definition,
            turn => turn == 3 ? new VariablePart(latest.AppData, latest.Outcome, 3, latest.IsFinal) : null);
        Assert.Equal(OnChainPhase.Challenged, onChain.Phase);
        Assert.Equal(new VariablePart(latest.AppData, latest.Outcome, 3, latest.IsFinal), onChain.Registered);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await bob.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 3 && s.Latest.Hash == latest.Hash, timeout.Token);
        Assert.DoesNotContain(alice.WatcherEvents, e => e is MoveNeededEvent);

        // Never sign twice: the same turn asked again with another action is refused and nothing is signed; the same
        // action returns the stored move.
        var signatures = await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        var refused = await Assert.ThrowsAsync<ChannelRequestException>(() =>
            alice.Engine.MoveOnChainAsync(id, request.Registered, TicTacToe.Actions.Play(5), timeout.Token));
        Assert.Equal(RejectionReason.AlreadySigned, refused.Reason);
        Assert.Equal(signatures, await alice.Store.ReadSignaturesAsync(id, 0, ulong.MaxValue));
        Assert.Equal(made.Move, await alice.Engine.MoveOnChainAsync(id, request.Registered, TicTacToe.Actions.Play(1), timeout.Token));

        // The game goes on from the progressed state: Bob answers on chain by moving off chain and checkpointing is
        // not needed here; Bob's next move off chain builds on turn 3.
        var bobsMove = await bob.Engine.ActAsync(id, TicTacToe.Actions.Play(4), timeout.Token);
        Assert.Equal(4UL, bobsMove.TurnNum);
        await alice.Engine.WaitForAsync(id, s => s.Latest.TurnNum == 4, timeout.Token);
        Assert.Single(responder.Requests);
    }

    [Fact]
    public async Task Without_a_responder_or_when_it_declines_a_move_needed_event_is_raised_and_nothing_is_signed()
    {
        var (alice, bob) = await PartiesAsync();
        var id = await Duel.OpenAndFundAsync(Anvil, alice, bob);
        await alice.StartWatcherAsync(Options(new DecliningResponder()));
        await Duel.PlayAsync(alice, bob, id, 0, 3);
        await bob.Chain.ChallengeAsync(await bob.Engine.GetSupportProofAsync(id));
        var needed = await alice.WaitForAsync<MoveNeededEvent>();
        Assert.Equal(2UL, needed.Registered.TurnNum);
        Assert.Equal(2UL, alice.Engine.GetChannel(id)!.Latest.TurnNum);
        Assert.Equal(1, alice.Engine.GetChannel(id)!.HighestSignedTurn); // Alice's last own signature: turn 1
        Assert.Equal(2UL, (await alice.Chain.StatusAsync(id)).TurnNumRecord);
        Assert.DoesNotContain(alice.WatcherEvents, e => e is ChallengeMoveMadeEvent);
    }

    private sealed class DecliningResponder : IChallengeResponder
    {
        public Task<byte[]?> ChooseActionAsync(ChallengeResponseRequest request, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
    }
}

using Parley.Channels;
using Parley.Contracts;
using Parley.Examples;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.Contracts.Tests;

/// <summary>A tic-tac-toe game forced to its end on chain through the generated app contract.</summary>
[Collection(AdjudicatorCollection.Name)]
public sealed class TicTacToeDisputeTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private const ulong Window = 100;

    private static readonly IStateMachineDefinition Rules = TicTacToe.Definition;

    private Address Sender => Chain.Accounts[8].Address;

    private static VariablePart Play(VariablePart state, byte cell)
    {
        var mover = Rules.NextMover(state.AppData.AsSpan(), state.TurnNum);
        var next = Rules.Reduce(state.AppData.AsSpan(), state.Outcome, TicTacToe.Actions.Play(cell), mover);
        return new VariablePart(next.AppData, next.Outcome, state.TurnNum + 1, Rules.IsFinal(next.AppData));
    }

    [Fact]
    public async Task A_game_abandoned_off_chain_is_played_to_the_end_on_chain()
    {
        var artifacts = await Solc.CompileAsync(new Dictionary<string, string> { ["TicTacToe.sol"] = Rules.SoliditySource });
        var app = await Chain.DeployAsync(artifacts[Rules.SolidityContractName]);
        var channel = new TestChannel(Chain, app, challengeDuration: Window);
        var adjudicator = Chain.Adjudicator;
        var start = new VariablePart(Rules.InitialAppData(), TestChannel.Eth(5, 5), 0, false);
        var deadline = await Chain.NowAsync() + 3600;
        await adjudicator.DepositEthAsync(Sender, channel.Id, 0, 5, deadline);
        await adjudicator.DepositEthAsync(Sender, channel.Id, 5, 5, deadline);

        // X (participant 0) opens in the centre off chain; O goes silent. X challenges with the signed start and its move.
        var afterX = Play(start, 4);
        var opening = new Move(TicTacToe.Actions.Play(4), channel.StateOf(afterX).Sign(channel.Keys[0]));
        var challenged = await adjudicator.ChallengeAsync(Sender, channel.Proof(start, opening));
        var registered = Assert.IsType<ChallengedEvent>(Assert.Single(challenged.Events)).State;
        Assert.Equal(afterX, registered);
        // The C# reducer resolves the same proof to the same state.
        Assert.Equal(registered, channel.Proof(start, opening).Resolve(Rules));

        // O may not play a taken cell: the generated reducer's reason comes back.
        var taken = await ChainAssert.RejectedWithoutEffect<ActionRejectedError>(Chain, channel,
            () => adjudicator.ProgressAsync(Sender, channel.Fixed, registered,
                new Move(TicTacToe.Actions.Play(4), channel.StateOf(registered).Sign(channel.Keys[1]))));
        Assert.Equal("cell taken", taken.ReasonText);

        // The game goes on through progress: O 1, X 0, O 2, X 8 — X wins on the diagonal and takes the stakes.
        foreach (var cell in new byte[] { 1, 0, 2, 8 })
        {
            var next = Play(registered, cell);
            var mover = Rules.NextMover(registered.AppData.AsSpan(), registered.TurnNum);
            var receipt = await adjudicator.ProgressAsync(Sender, channel.Fixed, registered,
                new Move(TicTacToe.Actions.Play(cell), channel.StateOf(next).Sign(channel.Keys[mover])));
            Assert.Equal(next.IsFinal, Assert.IsType<ProgressedEvent>(Assert.Single(receipt.Events)).IsFinal);
            registered = next;
        }
        Assert.True(registered.IsFinal);
        Assert.Equal(TestChannel.Eth(10, 0), registered.Outcome);

        await Chain.AdvanceAsync(Window);
        await adjudicator.WithdrawAllAsync(Sender, channel.Fixed, registered);
        Assert.Equal((UInt256)10, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal(UInt256.Zero, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
    }

    [Fact]
    public void Support_proofs_are_checked_off_chain_as_on_chain()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var start = new VariablePart(Rules.InitialAppData(), TestChannel.Eth(5, 5), 0, false);
        var x4 = Play(start, 4);
        var o0 = Play(x4, 0);
        var goodX = new Move(TicTacToe.Actions.Play(4), channel.StateOf(x4).Sign(channel.Keys[0]));
        var goodO = new Move(TicTacToe.Actions.Play(0), channel.StateOf(o0).Sign(channel.Keys[1]));
        Assert.Equal(o0, channel.Proof(start, goodX, goodO).Resolve(Rules));
        Assert.Equal(start, channel.Proof(start).Resolve(Rules));

        // O's move signed by X.
        var wrongSigner = new Move(TicTacToe.Actions.Play(0), channel.StateOf(o0).Sign(channel.Keys[0]));
        var e = Assert.Throws<SupportProofException>(() => channel.Proof(start, goodX, wrongSigner).Resolve(Rules));
        Assert.Equal(1, e.MoveIndex);
        // A taken cell: the reducer's rejection is kept.
        var taken = new Move(TicTacToe.Actions.Play(4), channel.StateOf(o0).Sign(channel.Keys[1]));
        e = Assert.Throws<SupportProofException>(() => channel.Proof(start, goodX, taken).Resolve(Rules));
        Assert.IsType<ActionRejectedException>(e.InnerException);
        Assert.Equal(1UL, e.TurnNum);
        // A signature on another result than the action produces.
        var lie = new Move(TicTacToe.Actions.Play(0), channel.StateOf(o0.WithOutcome(TestChannel.Eth(0, 10))).Sign(channel.Keys[1]));
        Assert.Throws<SupportProofException>(() => channel.Proof(start, goodX, lie).Resolve(Rules));
        // A machine for another number of participants.
        var three = new TestChannel(Chain, Chain.TransferApp, participants: 3);
        Assert.Throws<ArgumentException>(() => three.Proof(new VariablePart(Rules.InitialAppData(), TestChannel.Eth(1, 1, 1), 0, false)).Resolve(Rules));
    }
}

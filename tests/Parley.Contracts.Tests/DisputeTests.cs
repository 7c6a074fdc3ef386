using Parley.Channels;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

[Collection(AdjudicatorCollection.Name)]
public sealed class DisputeTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private const ulong Window = 100;

    private AdjudicatorClient Adjudicator => Chain.Adjudicator;

    private Address Sender => Chain.Accounts[5].Address;

    private async Task<TestChannel> FundedAsync(Address? app = null, ulong first = 5, ulong second = 5)
    {
        var channel = new TestChannel(Chain, app ?? Chain.TransferApp, challengeDuration: Window);
        var deadline = await Chain.NowAsync() + 3600;
        await Adjudicator.DepositEthAsync(Sender, channel.Id, 0, first, deadline);
        await Adjudicator.DepositEthAsync(Sender, channel.Id, first, second, deadline);
        return channel;
    }

    [Fact]
    public async Task Challenge_then_timeout_then_withdraw()
    {
        var channel = await FundedAsync();
        var state = TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3);
        var receipt = await Adjudicator.ChallengeAsync(Sender, channel.Proof(state));
        var challenged = Assert.IsType<ChallengedEvent>(Assert.Single(receipt.Events));
        Assert.Equal(state, challenged.State);
        Assert.Equal(await Chain.NowAsync() + Window, challenged.FinalizesAt);

        var early = await ChainAssert.RejectedWithoutEffect<ChannelNotFinalizedError>(Chain, channel,
            () => Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, state));
        Assert.Equal(challenged.FinalizesAt, early.FinalizesAt);

        await Chain.AdvanceAsync(Window);
        await ChainAssert.RejectedWithoutEffect<ChannelFinalizedError>(Chain, channel,
            () => Adjudicator.CheckpointAsync(Sender, channel.Proof(TestChannel.TransferState(4, TestChannel.Eth(6, 4), moveCount: 4))));
        await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, state);
        Assert.Equal((UInt256)6, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal((UInt256)4, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
    }

    [Fact]
    public async Task A_checkpoint_with_a_newer_state_clears_the_challenge()
    {
        var channel = await FundedAsync();
        await Adjudicator.ChallengeAsync(Sender, channel.Proof(TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3)));

        var same = channel.Proof(TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3));
        Assert.Equal(new StaleTurnNumError(3, 3), await ChainAssert.RejectedWithoutEffect<StaleTurnNumError>(Chain, channel,
            () => Adjudicator.CheckpointAsync(Sender, same)));

        var receipt = await Adjudicator.CheckpointAsync(Sender, channel.Proof(TestChannel.TransferState(4, TestChannel.Eth(5, 5), moveCount: 4)));
        Assert.Equal(new CheckpointedEvent(channel.Id, 4), Assert.Single(receipt.Events));
        var status = await Adjudicator.StatusAsync(channel.Id);
        Assert.Equal(4UL, status.TurnNumRecord);
        Assert.Equal(0UL, status.FinalizesAt);

        await Chain.AdvanceAsync(Window);
        await ChainAssert.RejectedWithoutEffect<ChannelNotFinalizedError>(Chain, channel,
            () => Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3)));
        // The channel lives on: a later challenge must not go below the checkpoint.
        await ChainAssert.RejectedWithoutEffect<StaleTurnNumError>(Chain, channel,
            () => Adjudicator.ChallengeAsync(Sender, channel.Proof(TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3))));
    }

    [Fact]
    public async Task A_newer_challenge_replaces_the_old_one_and_a_stale_one_is_refused()
    {
        var channel = await FundedAsync();
        await Adjudicator.ChallengeAsync(Sender, channel.Proof(TestChannel.TransferState(3, TestChannel.Eth(6, 4), moveCount: 3)));
        await Chain.AdvanceAsync(Window / 2);
        var newer = TestChannel.TransferState(5, TestChannel.Eth(2, 8), moveCount: 5);
        var receipt = await Adjudicator.ChallengeAsync(Sender, channel.Proof(newer));
        var challenged = Assert.IsType<ChallengedEvent>(Assert.Single(receipt.Events));
        Assert.Equal(await Chain.NowAsync() + Window, challenged.FinalizesAt);

        // A stale state can neither replace the challenge nor re-register the same turn.
        var stale = await ChainAssert.RejectedWithoutEffect<StaleTurnNumError>(Chain, channel,
            () => Adjudicator.ChallengeAsync(Sender, channel.Proof(TestChannel.TransferState(4, TestChannel.Eth(9, 1), moveCount: 4))));
        Assert.Equal(new StaleTurnNumError(5, 4), stale);
        await ChainAssert.RejectedWithoutEffect<StaleTurnNumError>(Chain, channel,
            () => Adjudicator.ChallengeAsync(Sender, channel.Proof(newer)));

        await Chain.AdvanceAsync(Window);
        await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, newer);
        Assert.Equal((UInt256)2, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal((UInt256)8, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
    }

    [Fact]
    public async Task The_mover_answers_a_challenge_with_progress_until_the_game_ends()
    {
        var channel = await FundedAsync();
        var registered = TestChannel.TransferState(3, TestChannel.Eth(5, 5), moveCount: 3, maxMoves: 5);
        await Adjudicator.ChallengeAsync(Sender, channel.Proof(registered));

        // Turn 3: participant 1 moves; turn 4: participant 0; the fifth move ends the game.
        foreach (var action in new[] { TransferAppModel.Pay(2), TransferAppModel.Pay(1) })
        {
            var (move, after) = channel.MoveOn(registered, action);
            var receipt = await Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, move);
            var progressed = Assert.IsType<ProgressedEvent>(Assert.Single(receipt.Events));
            Assert.Equal(after.TurnNum, progressed.TurnNumRecord);
            Assert.Equal(TransferAppModel.NextMover(registered.TurnNum, 2), progressed.MoverIndex);
            Assert.Equal(move, progressed.Move);
            Assert.Equal(after.IsFinal, progressed.IsFinal);
            Assert.Equal(await Chain.NowAsync() + Window, progressed.FinalizesAt);
            Assert.True((await Adjudicator.StatusAsync(channel.Id)).Matches(channel.StateOf(after).StructHash));
            registered = after;
        }
        Assert.Equal(TestChannel.Eth(6, 4), registered.Outcome);
        Assert.True(registered.IsFinal);

        var final = await ChainAssert.RejectedWithoutEffect<FinalStateHasNoMovesError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(TransferAppModel.Pay(1), registered, channel.Keys[1])));
        Assert.Equal(registered.TurnNum, final.TurnNum);

        await Chain.AdvanceAsync(Window);
        await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, registered);
        Assert.Equal((UInt256)6, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal((UInt256)4, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
    }

    [Fact]
    public async Task A_challenge_can_carry_mover_signed_moves_on_top_of_a_state_signed_by_all()
    {
        var channel = await FundedAsync();
        var base2 = TestChannel.TransferState(2, TestChannel.Eth(5, 5), moveCount: 2);
        var (move2, state3) = channel.MoveOn(base2, TransferAppModel.Pay(3));
        var (move3, state4) = channel.MoveOn(state3, TransferAppModel.Pay(1));

        var receipt = await Adjudicator.ChallengeAsync(Sender, channel.Proof(base2, move2, move3));

        var challenged = Assert.IsType<ChallengedEvent>(Assert.Single(receipt.Events));
        Assert.Equal(state4, challenged.State);
        Assert.True((await Adjudicator.StatusAsync(channel.Id)).Matches(channel.StateOf(state4).StructHash));

        // The same moves prove the newer state in a checkpoint too (here: stale against the challenge at 4).
        await ChainAssert.RejectedWithoutEffect<StaleTurnNumError>(Chain, channel,
            () => Adjudicator.CheckpointAsync(Sender, channel.Proof(base2, move2, move3)));
    }

    [Fact]
    public async Task An_invalid_action_or_a_wrong_signature_in_progress_is_refused()
    {
        var channel = await FundedAsync();
        var registered = TestChannel.TransferState(3, TestChannel.Eth(5, 5), moveCount: 3);

        var noChallenge = await ChainAssert.RejectedWithoutEffect<NoChallengeRunningError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.MoveOn(registered, TransferAppModel.Pay(1)).Move));
        Assert.Equal(channel.Id, noChallenge.Channel);

        await Adjudicator.ChallengeAsync(Sender, channel.Proof(registered));

        // Paying more than the mover's balance: the app rejects it with its reason.
        var overdraft = TransferAppModel.Pay(6);
        var claimed = TestChannel.TransferState(4, TestChannel.Eth(11, 0), moveCount: 4);
        var rejected = await ChainAssert.RejectedWithoutEffect<ActionRejectedError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(overdraft, claimed, channel.Keys[1])));
        Assert.Equal(3UL, rejected.TurnNum);
        Assert.Equal((UInt256)1, rejected.MoverIndex);
        Assert.Equal("TransferApp: insufficient balance", rejected.ReasonText);

        // A valid action signed by the participant whose turn it is not.
        var (move, after) = channel.MoveOn(registered, TransferAppModel.Pay(1));
        var wrongSigner = await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(TransferAppModel.Pay(1), after, channel.Keys[0])));
        Assert.Equal((UInt256)1, wrongSigner.ParticipantIndex);
        Assert.Equal(channel.Participant(0), wrongSigner.Recovered);

        // The mover signing another result than the action produces.
        var lie = after.WithOutcome(TestChannel.Eth(0, 10));
        await ChainAssert.RejectedWithoutEffect<WrongSignerError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(TransferAppModel.Pay(1), lie, channel.Keys[1])));

        // Quoting another registered state.
        var other = TestChannel.TransferState(3, TestChannel.Eth(0, 10), moveCount: 3);
        await ChainAssert.RejectedWithoutEffect<RegisteredStateMismatchError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, other, channel.MoveOn(other, TransferAppModel.Pay(0)).Move));

        // The honest answer still goes through.
        await Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, move);
    }

    [Fact]
    public async Task A_reducer_that_breaks_conservation_is_refused()
    {
        var channel = await FundedAsync(Chain.NonConservingApp);
        var registered = new VariablePart([], TestChannel.Eth(5, 5), 2, false);
        await Adjudicator.ChallengeAsync(Sender, channel.Proof(registered));
        var mint = Parley.Abi.AbiCoder.EncodeFunctionCall("mint(uint256)", 100UL);
        var minted = new VariablePart([], TestChannel.Eth(105, 5), 3, false);

        var error = await ChainAssert.RejectedWithoutEffect<OutcomeNotConservedError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(mint, minted, channel.Keys[0])));
        Assert.Equal(new OutcomeNotConservedError(2, Address.Zero, 10, 110), error);

        var drop = Parley.Abi.AbiCoder.EncodeFunctionCall("dropAsset()");
        var dropped = new VariablePart([], Outcome.Empty, 3, false);
        await ChainAssert.RejectedWithoutEffect<OutcomeShapeChangedError>(Chain, channel,
            () => Adjudicator.ProgressAsync(Sender, channel.Fixed, registered, channel.SignedMove(drop, dropped, channel.Keys[0])));

        // The same moves inside a challenge's support proof are refused the same way.
        await ChainAssert.RejectedWithoutEffect<OutcomeNotConservedError>(Chain, channel,
            () => Adjudicator.ChallengeAsync(Sender, channel.Proof(registered, channel.SignedMove(mint, minted, channel.Keys[0]))));
    }
}

using Parley.Channels;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

[Collection(AdjudicatorCollection.Name)]
public sealed class CooperativeCloseTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private AdjudicatorClient Adjudicator => Chain.Adjudicator;

    private Address Sender => Chain.Accounts[4].Address;

    private async Task FundEthAsync(TestChannel channel, params ulong[] shares)
    {
        var deadline = await Chain.NowAsync() + 3600;
        UInt256 held = 0;
        foreach (var share in shares)
        {
            await Adjudicator.DepositEthAsync(Sender, channel.Id, held, share, deadline);
            held += share;
        }
    }

    [Fact]
    public async Task Fund_then_conclude_and_withdraw_in_one_transaction()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await FundEthAsync(channel, 5, 5);
        var final = channel.SignAll(TestChannel.TransferState(7, TestChannel.Eth(3, 7), moveCount: 10, maxMoves: 10));

        var receipt = await Adjudicator.ConcludeAndWithdrawAsync(Sender, final);

        Assert.Equal(new ConcludedEvent(channel.Id, 7), receipt.Events[0]);
        Assert.Equal<UInt256>([3, 7], Assert.Single(receipt.EventsOf<WithdrawnEvent>()).Amounts);
        Assert.Equal((UInt256)3, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal((UInt256)7, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
        Assert.Equal(default, await Adjudicator.HoldingsAsync(channel.Id, Address.Zero));
        var status = await Adjudicator.StatusAsync(channel.Id);
        Assert.Equal(7UL, status.TurnNumRecord);
        Assert.True(status.IsFinalized(await Chain.NowAsync()));
        // The fingerprint now records the outcome less the payouts: nothing left.
        var settled = final.State.VariablePart.WithOutcome(TestChannel.Eth(0, 0));
        Assert.True(status.Matches(channel.StateOf(settled).StructHash));
    }

    [Fact]
    public async Task Conclude_then_withdraw_all_assets()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await FundEthAsync(channel, 4, 6);
        await Chain.MintAndApproveAsync(Chain.Token, Chain.Accounts[4], 100);
        await Adjudicator.DepositErc20Async(Sender, channel.Id, Chain.Token, 0, 100, await Chain.NowAsync() + 3600);
        var outcome = new Outcome(
            new AssetOutcome(Address.Zero, [9, 1]),
            new AssetOutcome(Chain.Token, [25, 75]));
        var final = channel.SignAll(TestChannel.TransferState(3, outcome, isFinal: true));

        await Adjudicator.ConcludeAsync(Sender, final);
        var paid = await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, final.State.VariablePart);

        Assert.Equal(2, paid.EventsOf<WithdrawnEvent>().Count());
        Assert.Equal((UInt256)9, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal((UInt256)1, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
        Assert.Equal((UInt256)25, await Chain.BalanceOfAsync(Chain.Token, channel.Participant(0)));
        Assert.Equal((UInt256)75, await Chain.BalanceOfAsync(Chain.Token, channel.Participant(1)));
    }

    [Fact]
    public async Task Withdrawals_are_per_participant_and_cannot_be_repeated()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await FundEthAsync(channel, 5, 5);
        var final = channel.SignAll(TestChannel.TransferState(4, TestChannel.Eth(2, 8), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);
        var registered = final.State.VariablePart;

        var first = await Adjudicator.WithdrawAsync(Sender, channel.Fixed, registered, 0, 1);
        var withdrawn = Assert.Single(first.EventsOf<WithdrawnEvent>());
        Assert.Equal<UInt256>([0, 8], withdrawn.Amounts);
        Assert.Equal((UInt256)8, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));

        // Replaying the same withdrawal quotes an outcome that is no longer on record.
        await ChainAssert.RejectedWithoutEffect<RegisteredStateMismatchError>(Chain, channel,
            () => Adjudicator.WithdrawAsync(Sender, channel.Fixed, registered, 0, 1));
        // Quoting the outcome on record, nothing is owed to participant 1 any more.
        var onRecord = registered.WithOutcome(PayoutRule.AfterWithdrawals(registered.Outcome, [withdrawn]));
        Assert.Equal(TestChannel.Eth(2, 0), onRecord.Outcome);
        await ChainAssert.RejectedWithoutEffect<NothingToWithdrawError>(Chain, channel,
            () => Adjudicator.WithdrawAsync(Sender, channel.Fixed, onRecord, 0, 1));
        await ChainAssert.RejectedWithoutEffect<IndexOutOfRangeError>(Chain, channel,
            () => Adjudicator.WithdrawAsync(Sender, channel.Fixed, onRecord, 0, 2));

        await Adjudicator.WithdrawAsync(Sender, channel.Fixed, onRecord, 0, 0);
        Assert.Equal((UInt256)2, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
    }

    [Fact]
    public async Task Conclude_needs_a_final_state_and_happens_once()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await FundEthAsync(channel, 5, 5);
        var notFinal = channel.SignAll(TestChannel.TransferState(4, TestChannel.Eth(5, 5), moveCount: 4));
        Assert.Equal(new StateNotFinalError(4), await ChainAssert.RejectedWithoutEffect<StateNotFinalError>(Chain, channel,
            () => Adjudicator.ConcludeAsync(Sender, notFinal)));
        await ChainAssert.RejectedWithoutEffect<ChannelNotFinalizedError>(Chain, channel,
            () => Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, notFinal.State.VariablePart));

        var final = channel.SignAll(TestChannel.TransferState(5, TestChannel.Eth(5, 5), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);
        Assert.Equal(new ChannelFinalizedError(channel.Id), await ChainAssert.RejectedWithoutEffect<ChannelFinalizedError>(Chain, channel,
            () => Adjudicator.ConcludeAsync(Sender, final)));
        await ChainAssert.RejectedWithoutEffect<ChannelFinalizedError>(Chain, channel,
            () => Adjudicator.ChallengeAsync(Sender, channel.Proof(TestChannel.TransferState(9, TestChannel.Eth(0, 10), moveCount: 9))));
    }

    [Fact]
    public async Task An_underfunded_channel_pays_in_participant_order()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp, participants: 3);
        await FundEthAsync(channel, 4, 3); // participant 2 never funded its 3
        var final = channel.SignAll(TestChannel.TransferState(6, TestChannel.Eth(2, 5, 3), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);
        var registered = final.State.VariablePart;

        // Participant 2 asks first: participants 0 and 1 are covered first, so it gets nothing yet.
        Assert.Equal<UInt256>([0, 0, 0], PayoutRule.Payouts(registered.Outcome, 0, 7, participantIndex: 2));
        await ChainAssert.RejectedWithoutEffect<NothingToWithdrawError>(Chain, channel,
            () => Adjudicator.WithdrawAsync(Sender, channel.Fixed, registered, 0, 2));
        var paid = await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, registered);
        var withdrawn = Assert.Single(paid.EventsOf<WithdrawnEvent>());
        Assert.Equal<UInt256>(PayoutRule.Payouts(registered.Outcome, 0, 7), withdrawn.Amounts);
        Assert.Equal<UInt256>([2, 5, 0], withdrawn.Amounts);
    }
}

using Parley.Channels;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

[Collection(AdjudicatorCollection.Name)]
public sealed class FundingTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private AdjudicatorClient Adjudicator => Chain.Adjudicator;

    private Address Funder => Chain.Accounts[3].Address;

    [Fact]
    public async Task Eth_deposits_add_up_and_report_the_holdings()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var deadline = await Chain.NowAsync() + 3600;
        var first = await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);
        var second = await Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 7, deadline);

        Assert.Equal(new DepositedEvent(channel.Id, Address.Zero, 5), Assert.Single(first.Events));
        Assert.Equal(new DepositedEvent(channel.Id, Address.Zero, 12), Assert.Single(second.Events));
        Assert.Equal(new ChannelHoldings(12, deadline), await Adjudicator.HoldingsAsync(channel.Id, Address.Zero));
        Assert.Equal(ChannelStatus.None, await Adjudicator.StatusAsync(channel.Id));
    }

    [Fact]
    public async Task A_deposit_with_a_stale_expected_holding_is_refused()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var deadline = await Chain.NowAsync() + 3600;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);

        var error = await ChainAssert.RejectedWithoutEffect<HoldingsMismatchError>(Chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline));
        Assert.Equal(new HoldingsMismatchError(5, 0), error);
    }

    [Fact]
    public async Task Deposits_must_repeat_the_funding_deadline_and_be_non_zero()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var deadline = await Chain.NowAsync() + 3600;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);

        var mismatch = await ChainAssert.RejectedWithoutEffect<FundingDeadlineMismatchError>(Chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 5, deadline + 1));
        Assert.Equal(new FundingDeadlineMismatchError(deadline, deadline + 1), mismatch);
        await ChainAssert.RejectedWithoutEffect<ZeroDepositError>(Chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 0, deadline));
    }

    [Fact]
    public async Task Erc20_deposits_pull_the_tokens()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var deadline = await Chain.NowAsync() + 3600;
        await Chain.MintAndApproveAsync(Chain.Token, Chain.Accounts[3], 1000);
        var ownedBefore = await Chain.AdjudicatorBalanceAsync(Chain.Token);

        var receipt = await Adjudicator.DepositErc20Async(Funder, channel.Id, Chain.Token, 0, 400, deadline);

        Assert.Equal(new DepositedEvent(channel.Id, Chain.Token, 400), Assert.Single(receipt.Events));
        Assert.Equal(new ChannelHoldings(400, deadline), await Adjudicator.HoldingsAsync(channel.Id, Chain.Token));
        Assert.Equal(ownedBefore + 400, await Chain.AdjudicatorBalanceAsync(Chain.Token));
    }

    [Fact]
    public async Task A_token_that_returns_false_is_refused()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var token = await Chain.DeployTestContractAsync("FalseReturningToken");
        await Chain.MintAndApproveAsync(token, Chain.Accounts[3], 1000);

        var error = await ChainAssert.RejectedWithoutEffect<SafeERC20FailedOperationError>(Chain, channel,
            async () => await Adjudicator.DepositErc20Async(Funder, channel.Id, token, 0, 100, await Chain.NowAsync() + 3600), token);
        Assert.Equal(token, error.Token);
    }

    [Fact]
    public async Task A_fee_on_transfer_token_is_refused_rather_than_over_credited()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var token = await Chain.DeployTestContractAsync("FeeOnTransferToken");
        await Chain.MintAndApproveAsync(token, Chain.Accounts[3], 1000);

        var error = await ChainAssert.RejectedWithoutEffect<TokenAmountMismatchError>(Chain, channel,
            async () => await Adjudicator.DepositErc20Async(Funder, channel.Id, token, 0, 100, await Chain.NowAsync() + 3600), token);
        Assert.Equal(new TokenAmountMismatchError(token, 100, 99), error);
    }

    [Fact]
    public async Task Incomplete_funding_is_reclaimed_after_the_deadline()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var prefund = channel.SignAll(TestChannel.TransferState(0, TestChannel.Eth(5, 5)));
        var deadline = await Chain.NowAsync() + 1000;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline); // participant 0's share; participant 1 never pays

        var early = await ChainAssert.RejectedWithoutEffect<FundingDeadlineNotPassedError>(Chain, channel,
            () => Adjudicator.ReclaimAsync(Funder, prefund));
        Assert.Equal(deadline, early.FundingDeadline);

        await Chain.AdvanceAsync(1000);
        var reclaimed = await Adjudicator.ReclaimAsync(Funder, prefund);
        Assert.Equal(new FundingReclaimedEvent(channel.Id), Assert.Single(reclaimed.Events));
        Assert.True((await Adjudicator.StatusAsync(channel.Id)).IsFinalized(await Chain.NowAsync()));

        var paid = await Adjudicator.WithdrawAllAsync(Funder, channel.Fixed, prefund.State.VariablePart);
        Assert.Equal<UInt256>([5, 0], Assert.Single(paid.EventsOf<WithdrawnEvent>()).Amounts);
        Assert.Equal((UInt256)5, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal(UInt256.Zero, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
    }

    [Fact]
    public async Task Reclaim_is_refused_for_funded_unfunded_or_running_channels()
    {
        var deadline = await Chain.NowAsync() + 10;
        var prefundState = TestChannel.TransferState(0, TestChannel.Eth(5, 5));

        var funded = new TestChannel(Chain, Chain.TransferApp);
        await Adjudicator.DepositEthAsync(Funder, funded.Id, 0, 5, deadline);
        await Adjudicator.DepositEthAsync(Funder, funded.Id, 5, 5, deadline);

        var unfunded = new TestChannel(Chain, Chain.TransferApp);

        var running = new TestChannel(Chain, Chain.TransferApp);
        await Adjudicator.DepositEthAsync(Funder, running.Id, 0, 5, deadline);
        await Adjudicator.ChallengeAsync(Funder, running.Proof(TestChannel.TransferState(3, TestChannel.Eth(5, 5), 3)));

        await Chain.AdvanceAsync(10);
        Assert.Equal(new FundingCompleteError(funded.Id), await ChainAssert.RejectedWithoutEffect<FundingCompleteError>(Chain, funded,
            () => Adjudicator.ReclaimAsync(Funder, funded.SignAll(prefundState))));
        Assert.Equal(new NoFundingDeadlineError(unfunded.Id), await ChainAssert.RejectedWithoutEffect<NoFundingDeadlineError>(Chain, unfunded,
            () => Adjudicator.ReclaimAsync(Funder, unfunded.SignAll(prefundState))));
        Assert.Equal(new ChannelInProgressError(3), await ChainAssert.RejectedWithoutEffect<ChannelInProgressError>(Chain, running,
            () => Adjudicator.ReclaimAsync(Funder, running.SignAll(prefundState))));
        Assert.Equal(new NotPrefundStateError(1), await ChainAssert.RejectedWithoutEffect<NotPrefundStateError>(Chain, funded,
            () => Adjudicator.ReclaimAsync(Funder, funded.SignAll(TestChannel.TransferState(1, TestChannel.Eth(5, 5), 1)))));
    }
}

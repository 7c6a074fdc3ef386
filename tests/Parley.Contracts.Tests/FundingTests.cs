using Parley.Channels;
using Parley.Contracts;

namespace Parley.Contracts.Tests;

[Collection(AdjudicatorCollection.Name)]
public sealed class FundingTests(AdjudicatorFixture chain)
{
    private AdjudicatorClient Adjudicator => chain.Adjudicator;

    private Address Funder => chain.Accounts[3].Address;

    [Fact]
    public async Task Eth_deposits_add_up_and_report_the_holdings()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var deadline = await chain.NowAsync() + 3600;
        var first = await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);
        var second = await Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 7, deadline);

        Assert.Equal(new DepositedEvent(channel.Id, Address.Zero, 5), Assert.Single(first.Events));
        Assert.Equal(new DepositedEvent(channel.Id, Address.Zero, 12), Assert.Single(second.Events));
        Assert.Equal(new ChannelHoldings(12, deadline), await Adjudicator.HoldingsAsync(channel.Id, Address.Zero));
        Assert.Equal(ChannelStatus.None, await Adjudicator.StatusAsync(channel.Id));
        await Ledger.AssertSolventAsync(chain);
    }

    [Fact]
    public async Task A_deposit_with_a_stale_expected_holding_is_refused()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var deadline = await chain.NowAsync() + 3600;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);

        var error = await ChainAssert.RejectedWithoutEffect<HoldingsMismatchError>(chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline));
        Assert.Equal(new HoldingsMismatchError(5, 0), error);
        await Ledger.AssertSolventAsync(chain);
    }

    [Fact]
    public async Task Deposits_must_repeat_the_funding_deadline_and_be_non_zero()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var deadline = await chain.NowAsync() + 3600;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline);

        var mismatch = await ChainAssert.RejectedWithoutEffect<FundingDeadlineMismatchError>(chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 5, deadline + 1));
        Assert.Equal(new FundingDeadlineMismatchError(deadline, deadline + 1), mismatch);
        await ChainAssert.RejectedWithoutEffect<ZeroDepositError>(chain, channel,
            () => Adjudicator.DepositEthAsync(Funder, channel.Id, 5, 0, deadline));
    }

    [Fact]
    public async Task Erc20_deposits_pull_the_tokens()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var deadline = await chain.NowAsync() + 3600;
        await chain.MintAndApproveAsync(chain.Token, chain.Accounts[3], 1000);
        var ownedBefore = await chain.AdjudicatorBalanceAsync(chain.Token);

        var receipt = await Adjudicator.DepositErc20Async(Funder, channel.Id, chain.Token, 0, 400, deadline);

        Assert.Equal(new DepositedEvent(channel.Id, chain.Token, 400), Assert.Single(receipt.Events));
        Assert.Equal(new ChannelHoldings(400, deadline), await Adjudicator.HoldingsAsync(channel.Id, chain.Token));
        Assert.Equal(ownedBefore + 400, await chain.AdjudicatorBalanceAsync(chain.Token));
        await Ledger.AssertSolventAsync(chain);
    }

    [Fact]
    public async Task A_token_that_returns_false_is_refused()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var token = await chain.DeployTestContractAsync("FalseReturningToken");
        await chain.MintAndApproveAsync(token, chain.Accounts[3], 1000);

        var error = await ChainAssert.RejectedWithoutEffect<SafeERC20FailedOperationError>(chain, channel,
            async () => await Adjudicator.DepositErc20Async(Funder, channel.Id, token, 0, 100, await chain.NowAsync() + 3600), token);
        Assert.Equal(token, error.Token);
    }

    [Fact]
    public async Task A_fee_on_transfer_token_is_refused_rather_than_over_credited()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var token = await chain.DeployTestContractAsync("FeeOnTransferToken");
        await chain.MintAndApproveAsync(token, chain.Accounts[3], 1000);

        var error = await ChainAssert.RejectedWithoutEffect<TokenAmountMismatchError>(chain, channel,
            async () => await Adjudicator.DepositErc20Async(Funder, channel.Id, token, 0, 100, await chain.NowAsync() + 3600), token);
        Assert.Equal(new TokenAmountMismatchError(token, 100, 99), error);
    }

    [Fact]
    public async Task Incomplete_funding_is_reclaimed_after_the_deadline()
    {
        var channel = new TestChannel(chain, chain.TransferApp);
        var prefund = channel.SignAll(TestChannel.TransferState(0, TestChannel.Eth(5, 5)));
        var deadline = await chain.NowAsync() + 1000;
        await Adjudicator.DepositEthAsync(Funder, channel.Id, 0, 5, deadline); // participant 0's share; participant 1 never pays

        var early = await ChainAssert.RejectedWithoutEffect<FundingDeadlineNotPassedError>(chain, channel,
            () => Adjudicator.ReclaimAsync(Funder, prefund));
        Assert.Equal(deadline, early.FundingDeadline);

        await chain.AdvanceAsync(1000);
        var reclaimed = await Adjudicator.ReclaimAsync(Funder, prefund);
        Assert.Equal(new FundingReclaimedEvent(channel.Id), Assert.Single(reclaimed.Events));
        Assert.True((await Adjudicator.StatusAsync(channel.Id)).IsFinalized(await chain.NowAsync()));

        var paid = await Adjudicator.WithdrawAllAsync(Funder, channel.Fixed, prefund.State.VariablePart);
        Assert.Equal<UInt256>([5, 0], Assert.Single(paid.EventsOf<WithdrawnEvent>()).Amounts);
        Assert.Equal((UInt256)5, await chain.Rpc.GetBalanceAsync(channel.Participant(0)));
        Assert.Equal(UInt256.Zero, await chain.Rpc.GetBalanceAsync(channel.Participant(1)));
        await Ledger.AssertSolventAsync(chain);
    }

    [Fact]
    public async Task Reclaim_is_refused_for_funded_unfunded_or_running_channels()
    {
        var deadline = await chain.NowAsync() + 10;
        var prefundState = TestChannel.TransferState(0, TestChannel.Eth(5, 5));

        var funded = new TestChannel(chain, chain.TransferApp);
        await Adjudicator.DepositEthAsync(Funder, funded.Id, 0, 5, deadline);
        await Adjudicator.DepositEthAsync(Funder, funded.Id, 5, 5, deadline);

        var unfunded = new TestChannel(chain, chain.TransferApp);

        var running = new TestChannel(chain, chain.TransferApp);
        await Adjudicator.DepositEthAsync(Funder, running.Id, 0, 5, deadline);
        await Adjudicator.ChallengeAsync(Funder, running.Proof(TestChannel.TransferState(3, TestChannel.Eth(5, 5), 3)));

        await chain.AdvanceAsync(10);
        Assert.Equal(new FundingCompleteError(funded.Id), await ChainAssert.RejectedWithoutEffect<FundingCompleteError>(chain, funded,
            () => Adjudicator.ReclaimAsync(Funder, funded.SignAll(prefundState))));
        Assert.Equal(new NoFundingDeadlineError(unfunded.Id), await ChainAssert.RejectedWithoutEffect<NoFundingDeadlineError>(chain, unfunded,
            () => Adjudicator.ReclaimAsync(Funder, unfunded.SignAll(prefundState))));
        Assert.Equal(new ChannelInProgressError(3), await ChainAssert.RejectedWithoutEffect<ChannelInProgressError>(chain, running,
            () => Adjudicator.ReclaimAsync(Funder, running.SignAll(prefundState))));
        Assert.Equal(new NotPrefundStateError(1), await ChainAssert.RejectedWithoutEffect<NotPrefundStateError>(chain, funded,
            () => Adjudicator.ReclaimAsync(Funder, funded.SignAll(TestChannel.TransferState(1, TestChannel.Eth(5, 5), 1)))));
        await Ledger.AssertSolventAsync(chain);
    }
}

using Parley.Abi;
using Parley.Channels;
using Parley.Contracts;
using Parley.TestSupport;

namespace Parley.Contracts.Tests;

/// <summary>Recipients and tokens that call back into the adjudicator while being paid, or refuse payment.</summary>
[Collection(AdjudicatorCollection.Name)]
public sealed class ReentrancyTests(AdjudicatorFixture fixture) : ChainTest(fixture)
{
    private static readonly byte[] ReentrantCallSelector = AbiFunction.Selector(ReentrantCallError.CanonicalSignature);

    private AdjudicatorClient Adjudicator => Chain.Adjudicator;

    private Address Sender => Chain.Accounts[7].Address;

    private async Task<(bool Succeeded, byte[] ReturnData, ulong Attempts)> HookResultAsync(Address hook)
    {
        var ok = AbiCoder.Decode("(bool)", await Chain.Rpc.CallAsync(hook, AbiCoder.EncodeFunctionCall("lastSucceeded()")));
        var data = AbiCoder.Decode("(bytes)", await Chain.Rpc.CallAsync(hook, AbiCoder.EncodeFunctionCall("lastReturnData()")));
        var attempts = AbiCoder.Decode("(uint256)", await Chain.Rpc.CallAsync(hook, AbiCoder.EncodeFunctionCall("attempts()")));
        return ((bool)ok[0]!, (byte[])data[0]!, (ulong)(System.Numerics.BigInteger)attempts[0]!);
    }

    [Fact]
    public async Task A_participant_whose_code_re_enters_withdraw_gets_paid_once()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await Adjudicator.DepositEthAsync(Sender, channel.Id, 0, 10, await Chain.NowAsync() + 3600);
        var final = channel.SignAll(TestChannel.TransferState(2, TestChannel.Eth(4, 6), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);

        // Participant 1 still signs with its key, but its address now runs ReentrantReceiver when paid.
        var attacker = channel.Participant(1);
        await Chain.SetCodeAsync(attacker, TestContracts.Load("ReentrantReceiver").DeployedBytecode);
        var replay = AdjudicatorAbi.EncodeWithdrawAll(channel.Fixed, final.State.VariablePart);
        await Chain.CallContractAsync(Sender, attacker, "arm(address,bytes)", Adjudicator.Address, replay);

        await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, final.State.VariablePart);

        var (succeeded, returnData, attempts) = await HookResultAsync(attacker);
        Assert.Equal(1UL, attempts);
        Assert.False(succeeded);
        Assert.Equal(ReentrantCallSelector, returnData);
        Assert.Equal((UInt256)6, await Chain.Rpc.GetBalanceAsync(attacker));
        Assert.Equal((UInt256)4, await Chain.Rpc.GetBalanceAsync(channel.Participant(0)));
    }

    [Fact]
    public async Task A_token_that_re_enters_on_transfer_cannot_double_pay()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        var token = await Chain.DeployTestContractAsync("ReentrantToken");
        await Chain.MintAndApproveAsync(token, Chain.Accounts[7], 100);
        await Adjudicator.DepositErc20Async(Sender, channel.Id, token, 0, 100, await Chain.NowAsync() + 3600);
        var final = channel.SignAll(TestChannel.TransferState(2, new Outcome(new AssetOutcome(token, [30, 70])), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);
        var replay = AdjudicatorAbi.EncodeWithdrawAll(channel.Fixed, final.State.VariablePart);
        await Chain.CallContractAsync(Sender, token, "arm(address,address,bytes)", Adjudicator.Address, Adjudicator.Address, replay);

        await Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, final.State.VariablePart);

        var (succeeded, returnData, attempts) = await HookResultAsync(token);
        Assert.Equal(1UL, attempts);
        Assert.False(succeeded);
        Assert.Equal(ReentrantCallSelector, returnData);
        Assert.Equal((UInt256)30, await Chain.BalanceOfAsync(token, channel.Participant(0)));
        Assert.Equal((UInt256)70, await Chain.BalanceOfAsync(token, channel.Participant(1)));
    }

    [Fact]
    public async Task A_participant_refusing_payment_blocks_only_its_own_withdrawal()
    {
        var channel = new TestChannel(Chain, Chain.TransferApp);
        await Adjudicator.DepositEthAsync(Sender, channel.Id, 0, 10, await Chain.NowAsync() + 3600);
        var final = channel.SignAll(TestChannel.TransferState(2, TestChannel.Eth(4, 6), isFinal: true));
        await Adjudicator.ConcludeAsync(Sender, final);
        await Chain.SetCodeAsync(channel.Participant(0), TestContracts.Load("RevertingReceiver").DeployedBytecode);
        var registered = final.State.VariablePart;

        var error = await ChainAssert.RejectedWithoutEffect<EthTransferFailedError>(Chain, channel,
            () => Adjudicator.WithdrawAllAsync(Sender, channel.Fixed, registered));
        Assert.Equal(new EthTransferFailedError(channel.Participant(0), 4), error);

        var paid = await Adjudicator.WithdrawAsync(Sender, channel.Fixed, registered, 0, 1);
        Assert.Equal((UInt256)6, await Chain.Rpc.GetBalanceAsync(channel.Participant(1)));
        Assert.Equal(new ChannelHoldings(4, (await Adjudicator.HoldingsAsync(channel.Id, Address.Zero)).FundingDeadline),
            await Adjudicator.HoldingsAsync(channel.Id, Address.Zero));
        var onRecord = registered.WithOutcome(PayoutRule.AfterWithdrawals(registered.Outcome, paid.EventsOf<WithdrawnEvent>()));
        Assert.Equal(TestChannel.Eth(4, 0), onRecord.Outcome);
    }
}

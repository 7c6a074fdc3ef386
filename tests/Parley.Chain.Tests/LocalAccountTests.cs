using Parley.Chain;
using Parley.Contracts;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public sealed class SigningProbeFixture : AnvilFixture
{
    public const string Source = """
        // SPDX-License-Identifier: MIT
        pragma solidity ^0.8.28;

        contract SigningProbe {
            error Refused(uint256 code, address who);
            error AlreadyClaimed(address by);

            bool public claimed;
            uint256 public pokes;

            function poke() external payable {
                pokes += 1;
            }

            function refuse(uint256 code) external view {
                revert Refused(code, msg.sender);
            }

            function requireFalse() external pure {
                require(false, "no way");
            }

            function divide(uint256 a, uint256 b) external pure returns (uint256) {
                return a / b;
            }

            function claim() external {
                if (claimed) revert AlreadyClaimed(msg.sender);
                claimed = true;
            }
        }
        """;

    public static readonly TransactionSenderOptions Fast = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) };

    public Address Probe { get; private set; }

    public override async Task InitializeAsync()
    {
        var compile = Solc.CompileAsync(new Dictionary<string, string> { ["SigningProbe.sol"] = Source });
        await base.InitializeAsync();
        Probe = await DeployAsync((await compile)["SigningProbe"]);
    }

    /// <summary>A fresh key holding 100 ETH (its nonce starts at 0), as a locally signing account.</summary>
    public async Task<LocalAccount> FundedAccountAsync(TransactionSenderOptions? options = null)
    {
        var key = PrivateKey.Generate();
        await Rpc.SetBalanceAsync(key.Address, (UInt256)100UL * (UInt256)1_000_000_000_000_000_000UL);
        return await LocalAccount.ConnectAsync(Rpc, key, options ?? Fast);
    }
}

public class LocalAccountTests(SigningProbeFixture chain) : IClassFixture<SigningProbeFixture>, IAsyncLifetime
{
    private string _snapshot = "";

    public async Task InitializeAsync() => _snapshot = await chain.SnapshotAsync();

    public async Task DisposeAsync()
    {
        await chain.Rpc.SetAutomineAsync(true);
        await chain.RevertAsync(_snapshot);
    }

    private JsonRpcClient Rpc => chain.Rpc;

    private static TransactionCall Call(Address to, string signature, params byte[][] arguments) => new(to, Calldata.Call(signature, arguments));

    [Fact]
    public async Task A_signed_transfer_is_accepted_and_pays_base_fee_plus_tip()
    {
        var account = await chain.FundedAccountAsync();
        var recipient = PrivateKey.Generate().Address;
        var before = await account.GetBalanceAsync();
        var tip = await Rpc.MaxPriorityFeePerGasAsync();

        var pending = await account.SubmitAsync(TransactionCall.Transfer(recipient, 1_000_000UL));
        var receipt = await pending.WaitAsync();

        Assert.Equal(0UL, pending.Nonce);
        Assert.Equal(pending.Hash, receipt.TransactionHash);
        Assert.True(receipt.Succeeded);
        Assert.Equal(account.Address, receipt.From);
        Assert.Equal(21_000UL, receipt.GasUsed);
        var block = (await Rpc.GetBlockAsync(receipt.BlockNumber))!;
        Assert.Equal(block.BaseFeePerGas!.Value + tip, receipt.EffectiveGasPrice);
        Assert.Equal((UInt256)1_000_000UL, await Rpc.GetBalanceAsync(recipient));
        Assert.Equal(before - (UInt256)1_000_000UL - receipt.Fee, await account.GetBalanceAsync());
        Assert.Equal(1UL, await Rpc.GetTransactionCountAsync(account.Address));
    }

    [Fact]
    public async Task The_adjudicator_deploys_from_a_local_key_and_contract_calls_work()
    {
        var account = await chain.FundedAccountAsync();
        var (adjudicator, receipt) = await AdjudicatorClient.DeployAsync(account);
        Assert.Equal(ContractArtifact.Load("Adjudicator").DeployedBytecode.Length, (await Rpc.GetCodeAsync(adjudicator.Address)).Length);
        Assert.Equal(account.Address, receipt.From);

        var poke = await account.SendAsync(new TransactionCall(chain.Probe, Calldata.Call("poke()"), 7UL));
        Assert.True(poke.Succeeded);
        Assert.Equal(1UL, (ulong)UInt256.ReadBigEndian(await Rpc.CallAsync(chain.Probe, Calldata.Call("pokes()"))));
        Assert.Equal((UInt256)7UL, await Rpc.GetBalanceAsync(chain.Probe));
    }

    [Fact]
    public async Task Concurrent_sends_from_one_key_get_consecutive_nonces_and_all_land()
    {
        var account = await chain.FundedAccountAsync();
        const int count = 25;
        var pendings = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => account.SubmitAsync(Call(chain.Probe, "poke()")))));
        var receipts = await Task.WhenAll(pendings.Select(p => p.WaitAsync()));

        Assert.Equal(Enumerable.Range(0, count).Select(i => (ulong?)i), pendings.Select(p => p.Nonce).Order());
        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Equal((ulong)count, await Rpc.GetTransactionCountAsync(account.Address));
        Assert.Equal((ulong)count, (ulong)UInt256.ReadBigEndian(await Rpc.CallAsync(chain.Probe, Calldata.Call("pokes()"))));
        Assert.Equal(1, account.Nonces.Resyncs);
    }

    [Fact]
    public async Task A_nonce_used_by_another_process_is_resynced_and_the_send_retried()
    {
        var account = await chain.FundedAccountAsync();
        await account.SendAsync(Call(chain.Probe, "poke()"));

        // Another holder of the key sends nonce 1 behind this account's back.
        var fees = await account.Fees.EstimateAsync();
        var rogue = account.Sign(new Eip1559Transaction(account.ChainId, 1, fees.MaxPriorityFeePerGas, fees.MaxFeePerGas, 100_000, chain.Probe, 0UL,
            Calldata.Call("poke()")));
        Assert.Equal(rogue.Hash, await Rpc.SendRawTransactionAsync(rogue.Encode()));

        var pending = await account.SubmitAsync(Call(chain.Probe, "poke()"));
        await pending.WaitAsync();
        Assert.Equal(2UL, pending.Nonce);
        Assert.Equal(2, account.Nonces.Resyncs);
        Assert.Equal(3UL, await Rpc.GetTransactionCountAsync(account.Address));
    }

    [Fact]
    public async Task A_transaction_removed_with_its_block_frees_its_nonce_for_the_next_send()
    {
        var account = await chain.FundedAccountAsync();
        var fork = await chain.SnapshotAsync();
        var first = await account.SubmitAsync(Call(chain.Probe, "poke()"));
        await first.WaitAsync();
        await chain.RevertAsync(fork); // the block holding nonce 0 is gone, and so is the transaction
        Assert.Null(await Rpc.GetTransactionAsync(first.Hash));

        var again = await account.SubmitAsync(Call(chain.Probe, "poke()"));
        var receipt = await again.WaitAsync();
        Assert.Equal(0UL, again.Nonce);
        Assert.True(receipt.Succeeded);
        var info = await Rpc.GetTransactionAsync(again.Hash);
        Assert.Equal(receipt.BlockNumber, info!.BlockNumber);
        Assert.Equal(account.Address, info.From);
        Assert.Equal(Calldata.Call("poke()"), info.Input.ToArray());
    }

    [Fact]
    public async Task A_transaction_refused_by_the_node_consumes_no_nonce()
    {
        var account = await chain.FundedAccountAsync();
        // Worth more than the account holds: the node refuses it (insufficient funds), nothing is mined.
        var e = await Assert.ThrowsAsync<JsonRpcException>(() => account.SubmitAsync(new TransactionCall(chain.Probe, Calldata.Call("poke()"),
            (UInt256)1000UL * (UInt256)1_000_000_000_000_000_000UL, 100_000)));
        Assert.False(NonceAllocator.IsNonceRefusal(e));
        var pending = await account.SubmitAsync(Call(chain.Probe, "poke()"));
        await pending.WaitAsync();
        Assert.Equal(0UL, pending.Nonce);
    }

    [Fact]
    public async Task Fees_are_twice_the_next_base_fee_plus_the_nodes_tip()
    {
        var account = await chain.FundedAccountAsync();
        var fees = await account.Fees.EstimateAsync();
        var history = await Rpc.FeeHistoryAsync(1);
        Assert.Equal(history.NextBaseFeePerGas, fees.BaseFeePerGas);
        Assert.Equal(await Rpc.MaxPriorityFeePerGasAsync(), fees.MaxPriorityFeePerGas);
        Assert.Equal(fees.BaseFeePerGas * (UInt256)2UL + fees.MaxPriorityFeePerGas, fees.MaxFeePerGas);

        var fixedTip = new FeeEstimator(Rpc, new FeeEstimatorOptions { PriorityFeePerGas = 5UL, BaseFeeMultiplier = 3 });
        var f = await fixedTip.EstimateAsync();
        Assert.Equal((UInt256)5UL, f.MaxPriorityFeePerGas);
        Assert.Equal(f.BaseFeePerGas * (UInt256)3UL + (UInt256)5UL, f.MaxFeePerGas);
    }

    [Fact]
    public async Task A_call_that_would_revert_is_refused_before_sending_with_its_custom_error()
    {
        var account = await chain.FundedAccountAsync();
        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => account.SendAsync(Call(chain.Probe, "refuse(uint256)", Calldata.Word(9UL))));
        Assert.False(e.WasMined);
        Assert.Equal(Calldata.Call("Refused(uint256,address)", Calldata.Word(9UL), Calldata.Word(account.Address)), e.RevertData);
        Assert.IsType<UnknownRevertError>(e.Error);
        Assert.Equal(0UL, await Rpc.GetTransactionCountAsync(account.Address));

        var reason = await Assert.ThrowsAsync<TransactionRevertedException>(() => account.SendAsync(Call(chain.Probe, "requireFalse()")));
        Assert.Equal(new RevertReasonError("no way"), reason.Error);
        Assert.Contains("would revert (not sent): Error: no way", reason.Message);
    }

    [Fact]
    public async Task A_mined_revert_is_replayed_to_recover_its_reason_and_panic_code()
    {
        var account = await chain.FundedAccountAsync();
        // A fixed gas limit skips estimation: the node mines the failing transaction.
        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => account.SendAsync(Call(chain.Probe, "requireFalse()") with { GasLimit = 60_000 }));
        Assert.True(e.WasMined);
        Assert.False(e.Receipt!.Succeeded);
        Assert.Equal(new RevertReasonError("no way"), e.Error);
        Assert.Contains($"Transaction {e.Receipt.TransactionHash}", e.Message);
        Assert.Equal(1UL, await Rpc.GetTransactionCountAsync(account.Address));

        var panic = await Assert.ThrowsAsync<TransactionRevertedException>(() =>
            account.SendAsync(Call(chain.Probe, "divide(uint256,uint256)", Calldata.Word(1UL), Calldata.Word(0UL)) with { GasLimit = 60_000 }));
        Assert.Equal(new PanicError(0x12UL), panic.Error);
    }

    [Fact]
    public async Task A_transaction_that_fails_because_an_earlier_one_in_its_block_changed_the_state_reports_that_error()
    {
        var first = await chain.FundedAccountAsync();
        var second = await chain.FundedAccountAsync();
        await Rpc.SetAutomineAsync(false);
        // The second has a fixed gas limit (anvil would estimate it on the pending state, where the first already
        // claimed): it is mined after the first and fails.
        var a = await first.SubmitAsync(Call(chain.Probe, "claim()"));
        var b = await second.SubmitAsync(Call(chain.Probe, "claim()") with { GasLimit = 100_000 });
        await Rpc.MineAsync();
        await Rpc.SetAutomineAsync(true);

        var ok = await a.WaitAsync();
        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => b.WaitAsync());
        Assert.Equal(ok.BlockNumber, e.Receipt!.BlockNumber);
        Assert.Equal(1UL, e.Receipt.TransactionIndex);
        Assert.Equal(Calldata.Call("AlreadyClaimed(address)", Calldata.Word(second.Address)), e.RevertData);
    }

    [Fact]
    public async Task Adjudicator_custom_errors_surface_as_typed_exceptions_before_and_after_mining()
    {
        var deployer = await chain.FundedAccountAsync();
        var (adjudicator, _) = await AdjudicatorClient.DeployAsync(deployer);
        var depositor = await chain.FundedAccountAsync();
        var other = await chain.FundedAccountAsync();
        var channel = new Bytes32(Calldata.Word(777UL));

        var early = await Assert.ThrowsAsync<AdjudicatorRevertException>(() => adjudicator.DepositEthAsync(depositor, channel, 5UL, 10UL, 4_000_000_000));
        Assert.Equal(new HoldingsMismatchError(0UL, 5UL), early.Error);
        Assert.False(Assert.IsType<TransactionRevertedException>(early.InnerException).WasMined);

        // Two deposits expecting the same holdings in one block (the second with a fixed gas limit: anvil estimates on the
        // pending state, which would refuse it): the second is mined and reverts.
        await Rpc.SetAutomineAsync(false);
        var firstDeposit = adjudicator.DepositEthAsync(depositor, channel, 0UL, 10UL, 4_000_000_000);
        await PendingCountAsync(1);
        var secondDeposit = adjudicator.SendAsync(other, "depositETH", AdjudicatorAbi.EncodeDepositEth(channel, 0UL, 4_000_000_000), 20UL, 200_000);
        await PendingCountAsync(2);
        await Rpc.MineAsync();
        await Rpc.SetAutomineAsync(true);
        var results = await Task.WhenAll(Capture(firstDeposit), Capture(secondDeposit));
        var failed = Assert.IsType<AdjudicatorRevertException>(Assert.Single(results, r => r is not null));
        var inner = Assert.IsType<TransactionRevertedException>(failed.InnerException);
        Assert.True(inner.WasMined);
        Assert.IsType<HoldingsMismatchError>(failed.Error);
        Assert.Contains("depositETH reverted: HoldingsMismatch", failed.Message);
    }

    private async Task PendingCountAsync(int count)
    {
        while ((await Rpc.SendAsync("txpool_status")).GetProperty("pending").GetString() != RpcQuantity.Format((ulong)count))
        {
            await Task.Delay(5);
        }
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task Node_eth_sendTransaction_mines_a_reverting_call_while_a_node_account_refuses_it()
    {
        // The anvil 1.7.1 behaviour JsonRpcClient.SendTransactionAsync documents: no refusal, status 0, no revert data.
        var from = chain.Accounts[7].Address;
        var hash = await Rpc.SendTransactionAsync(new TransactionRequest(from, chain.Probe, Data: Calldata.Call("requireFalse()")));
        var receipt = await Rpc.WaitForReceiptAsync(hash);
        Assert.False(receipt.Succeeded);

        var node = new NodeAccount(Rpc, from, SigningProbeFixture.Fast);
        var e = await Assert.ThrowsAsync<TransactionRevertedException>(() => node.SendAsync(Call(chain.Probe, "requireFalse()")));
        Assert.False(e.WasMined);
        Assert.Equal(new RevertReasonError("no way"), e.Error);
    }
}

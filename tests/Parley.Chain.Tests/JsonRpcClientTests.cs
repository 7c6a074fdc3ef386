using System.Net;
using System.Text;
using Parley.Chain;
using Parley.Contracts;
using Parley.Crypto;
using Parley.TestSupport;

namespace Parley.Chain.Tests;

public sealed class RpcProbeFixture : AnvilFixture
{
    public const string Source = """
        // SPDX-License-Identifier: MIT
        pragma solidity ^0.8.28;

        contract RpcProbe {
            error Refused(uint256 code, address who);
            event Poked(address indexed by, uint256 indexed n, bytes note);

            uint256 public pokes;

            function poke(uint256 n, bytes calldata note) external payable {
                pokes += 1;
                emit Poked(msg.sender, n, note);
            }

            function refuse(uint256 code) external view {
                revert Refused(code, msg.sender);
            }

            function requireFalse() external pure {
                require(false, "no way");
            }
        }
        """;

    public ContractArtifact Artifact { get; private set; } = null!;

    public Address Probe { get; private set; }

    public override async Task InitializeAsync()
    {
        var compile = Solc.CompileAsync(new Dictionary<string, string> { ["RpcProbe.sol"] = Source });
        await base.InitializeAsync();
        Artifact = (await compile)["RpcProbe"];
        Probe = await DeployAsync(Artifact);
    }
}

public class JsonRpcClientTests(RpcProbeFixture chain) : IClassFixture<RpcProbeFixture>, IAsyncLifetime
{
    private string _snapshot = "";

    public async Task InitializeAsync() => _snapshot = await chain.SnapshotAsync();

    public Task DisposeAsync() => chain.RevertAsync(_snapshot);

    private JsonRpcClient Rpc => chain.Rpc;

    private async Task<ulong> PokesAsync() => (ulong)UInt256.ReadBigEndian(await Rpc.CallAsync(chain.Probe, Calldata.Call("pokes()")));

    [Fact]
    public async Task Reads_chain_id_block_number_block_and_code()
    {
        Assert.Equal(31337UL, await Rpc.ChainIdAsync());
        var number = await Rpc.BlockNumberAsync();
        Assert.True(number >= 1, "the fixture deployed a contract");
        var block = await Rpc.GetBlockAsync();
        Assert.NotNull(block);
        Assert.Equal(number, block.Number);
        var parent = await Rpc.GetBlockAsync(number - 1);
        Assert.Equal(parent!.Hash, block.ParentHash);
        Assert.True(block.Timestamp >= parent.Timestamp);
        Assert.Null(await Rpc.GetBlockAsync(number + 1000));
        Assert.Equal(chain.Artifact.DeployedBytecode, await Rpc.GetCodeAsync(chain.Probe));
        Assert.Empty(await Rpc.GetCodeAsync(chain.Accounts[5].Address));
    }

    [Fact]
    public async Task Transfers_move_exactly_value_plus_fee_and_set_balance_works()
    {
        var from = chain.Accounts[1].Address;
        var to = chain.Accounts[2].Address;
        var tenThousandEther = (UInt256)10_000UL * (UInt256)1_000_000_000_000_000_000UL;
        Assert.Equal(tenThousandEther, await Rpc.GetBalanceAsync(to));
        var before = await Rpc.GetBalanceAsync(from);
        var nonce = await Rpc.GetTransactionCountAsync(from);
        var value = (UInt256)123_456_789UL;

        var receipt = await chain.TransactAsync(new TransactionRequest(from, to, value));

        Assert.True(receipt.Succeeded);
        Assert.Equal(21_000UL, receipt.GasUsed);
        Assert.Equal(from, receipt.From);
        Assert.Equal(to, receipt.To);
        Assert.Null(receipt.ContractAddress);
        Assert.Equal(before - value - receipt.Fee, await Rpc.GetBalanceAsync(from));
        Assert.Equal(tenThousandEther + value, await Rpc.GetBalanceAsync(to));
        Assert.Equal(nonce + 1, await Rpc.GetTransactionCountAsync(from));
        Assert.Equal(before, await Rpc.GetBalanceAsync(from, receipt.BlockNumber - 1));

        await Rpc.SetBalanceAsync(to, (UInt256)5UL);
        Assert.Equal((UInt256)5UL, await Rpc.GetBalanceAsync(to));
    }

    [Fact]
    public async Task Transaction_logs_in_the_receipt_equal_those_from_get_logs()
    {
        var sender = chain.Accounts[3].Address;
        var note = Encoding.UTF8.GetBytes("a note longer than thirty-two bytes, to need two words");
        var data = Calldata.Call("poke(uint256,bytes)", Calldata.Word(42UL), Calldata.Word(64UL), Calldata.BytesTail(note));
        var estimate = await Rpc.EstimateGasAsync(new TransactionRequest(sender, chain.Probe, Data: data));

        var receipt = await chain.TransactAsync(new TransactionRequest(sender, chain.Probe, (UInt256)7UL, data, Gas: estimate));

        Assert.True(receipt.Succeeded);
        Assert.InRange(receipt.GasUsed, 21_000UL, estimate);
        Assert.Equal(1UL, await PokesAsync());
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(chain.Probe, log.Address);
        Assert.Equal(Keccak256.Hash(Encoding.ASCII.GetBytes("Poked(address,uint256,bytes)")), log.Topics[0]);
        Assert.Equal(new Bytes32(Calldata.Word(sender)), log.Topics[1]);
        Assert.Equal(new Bytes32(Calldata.Word(42UL)), log.Topics[2]);
        Assert.Equal([.. Calldata.Word(32UL), .. Calldata.BytesTail(note)], log.Data.ToArray());
        Assert.Equal(receipt.BlockHash, log.BlockHash);
        Assert.Equal(receipt.TransactionHash, log.TransactionHash);
        Assert.False(log.Removed);

        var byTopic = await Rpc.GetLogsAsync(new LogFilter(receipt.BlockNumber, receipt.BlockNumber, [chain.Probe], [null, [log.Topics[1]]]));
        var found = Assert.Single(byTopic);
        Assert.Equal(log.LogIndex, found.LogIndex);
        Assert.Equal(log.Data.ToArray(), found.Data.ToArray());
        Assert.Equal(log.Topics, found.Topics);
        Assert.Single(await Rpc.GetLogsAsync(new LogFilter(BlockHash: receipt.BlockHash)));
        Assert.Empty(await Rpc.GetLogsAsync(new LogFilter(0UL, BlockTag.Latest, [chain.Probe], [null, [new Bytes32(Calldata.Word(chain.Accounts[4].Address))]])));
    }

    [Fact]
    public async Task A_reverted_call_carries_custom_error_revert_data()
    {
        var caller = chain.Accounts[6].Address;
        var e = await Assert.ThrowsAsync<JsonRpcException>(() => Rpc.CallAsync(chain.Probe, Calldata.Call("refuse(uint256)", Calldata.Word(7UL)), caller));

        Assert.True(e.IsExecutionReverted);
        Assert.Equal("eth_call", e.Method);
        Assert.Equal(Calldata.Call("Refused(uint256,address)", Calldata.Word(7UL), Calldata.Word(caller)), e.RevertData);
    }

    [Fact]
    public async Task A_reverted_require_carries_error_string_revert_data_also_from_estimate_gas()
    {
        var reason = Encoding.ASCII.GetBytes("no way");
        byte[] expected = Calldata.Call("Error(string)", Calldata.Word(32UL), Calldata.BytesTail(reason));
        var call = await Assert.ThrowsAsync<JsonRpcException>(() => Rpc.CallAsync(chain.Probe, Calldata.Call("requireFalse()")));
        Assert.Equal(expected, call.RevertData);

        var estimate = await Assert.ThrowsAsync<JsonRpcException>(() =>
            Rpc.EstimateGasAsync(new TransactionRequest(chain.Accounts[0].Address, chain.Probe, Data: Calldata.Call("requireFalse()"))));
        Assert.Equal("eth_estimateGas", estimate.Method);
        Assert.True(estimate.IsExecutionReverted);
        Assert.Equal(expected, estimate.RevertData);
    }

    [Fact]
    public async Task A_transaction_with_explicit_gas_that_reverts_is_mined_with_failed_status()
    {
        var receipt = await chain.TransactAsync(new TransactionRequest(chain.Accounts[0].Address, chain.Probe, Data: Calldata.Call("requireFalse()"), Gas: 100_000));
        Assert.False(receipt.Succeeded);
        Assert.Empty(receipt.Logs);
    }

    [Fact]
    public async Task Unknown_methods_and_bad_params_are_typed_errors()
    {
        var unknown = await Assert.ThrowsAsync<JsonRpcException>(() => Rpc.SendAsync("parley_noSuchMethod"));
        Assert.Equal(-32601, unknown.Code);
        Assert.Null(unknown.RevertData);
        Assert.False(unknown.IsExecutionReverted);

        var bad = await Assert.ThrowsAsync<JsonRpcException>(() => Rpc.SendAsync("eth_getBalance", JsonRpcClient.Params("not an address", "latest")));
        Assert.Equal(-32602, bad.Code);
    }

    [Fact]
    public async Task Time_travel_mining_and_snapshots()
    {
        var before = (await Rpc.GetBlockAsync())!;
        await Rpc.IncreaseTimeAsync(3600);
        await Rpc.MineAsync();
        var after = (await Rpc.GetBlockAsync())!;
        Assert.Equal(before.Number + 1, after.Number);
        Assert.InRange(after.Timestamp - before.Timestamp, 3600UL, 3700UL);

        await Rpc.SetNextBlockTimestampAsync(after.Timestamp + 10_000);
        await Rpc.MineAsync(3);
        var three = (await Rpc.GetBlockAsync())!;
        Assert.Equal(after.Number + 3, three.Number);
        Assert.True(three.Timestamp >= after.Timestamp + 10_000);

        var snapshot = await Rpc.SnapshotAsync();
        await chain.TransactAsync(new TransactionRequest(chain.Accounts[0].Address, chain.Probe, Data: Calldata.Call("poke(uint256,bytes)", Calldata.Word(1UL), Calldata.Word(64UL), Calldata.BytesTail([]))));
        Assert.Equal(1UL, await PokesAsync());
        Assert.True(await Rpc.RevertAsync(snapshot));
        Assert.Equal(0UL, await PokesAsync());
        Assert.Equal(three.Number, await Rpc.BlockNumberAsync());
        Assert.False(await Rpc.RevertAsync(snapshot));
    }

    [Fact]
    public async Task Waiting_for_an_unknown_transaction_times_out()
    {
        var unknown = new Bytes32(Calldata.Word(12345UL));
        Assert.Null(await Rpc.GetTransactionReceiptAsync(unknown));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => Rpc.WaitForReceiptAsync(unknown, TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(20)));
        Assert.Contains(unknown.ToString(), e.Message);
    }
}

/// <summary>Responses no honest node sends, served by an in-memory handler.</summary>
public class JsonRpcClientProtocolTests
{
    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public string? LastRequest { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastRequest = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static JsonRpcClient Client(Canned handler) => new(new Uri("http://127.0.0.1:1/"), new HttpClient(handler));

    [Fact]
    public async Task Sends_a_json_rpc_2_request()
    {
        var handler = new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"result":"0x7a69"}""");
        using var rpc = Client(handler);
        Assert.Equal(31337UL, await rpc.ChainIdAsync());
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""", handler.LastRequest);
    }

    [Fact]
    public async Task Mismatched_id_missing_result_and_non_json_are_format_errors()
    {
        using var wrongId = Client(new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":99,"result":"0x1"}"""));
        Assert.Contains("id does not match", (await Assert.ThrowsAsync<RpcFormatException>(() => wrongId.ChainIdAsync())).Message);

        using var noResult = Client(new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1}"""));
        Assert.Contains("neither", (await Assert.ThrowsAsync<RpcFormatException>(() => noResult.ChainIdAsync())).Message);

        using var notJson = Client(new Canned(HttpStatusCode.OK, "<html>"));
        Assert.Contains("not JSON", (await Assert.ThrowsAsync<RpcFormatException>(() => notJson.ChainIdAsync())).Message);

        using var badQuantity = Client(new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"result":"0x0001"}"""));
        Assert.Contains("leading zeros", (await Assert.ThrowsAsync<RpcFormatException>(() => badQuantity.BlockNumberAsync())).Message);

        using var badReceipt = Client(new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"result":{"status":"0x2"}}"""));
        var e = await Assert.ThrowsAsync<RpcFormatException>(() => badReceipt.GetTransactionReceiptAsync(default));
        Assert.Equal("eth_getTransactionReceipt.status", e.Field);
    }

    [Fact]
    public async Task Http_failure_without_a_json_rpc_body_is_an_http_error()
    {
        using var rpc = Client(new Canned(HttpStatusCode.BadGateway, "upstream down"));
        await Assert.ThrowsAsync<HttpRequestException>(() => rpc.ChainIdAsync());
    }

    [Fact]
    public async Task Error_objects_are_decoded_with_nested_revert_data_even_on_http_500()
    {
        using var rpc = Client(new Canned(HttpStatusCode.InternalServerError,
            """{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"execution reverted","data":{"data":"0xdeadbeef"}}}"""));
        var e = await Assert.ThrowsAsync<JsonRpcException>(() => rpc.CallAsync(Address.Zero, Array.Empty<byte>()));
        Assert.Equal(-32000, e.Code);
        Assert.True(e.IsExecutionReverted);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, e.RevertData);
        Assert.Equal("execution reverted", e.RpcMessage);

        using var text = Client(new Canned(HttpStatusCode.OK, """{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"bad","data":"not hex"}}"""));
        var t = await Assert.ThrowsAsync<JsonRpcException>(() => text.ChainIdAsync());
        Assert.Null(t.RevertData);
        Assert.Equal("not hex", t.ErrorData!.Value.GetString());
    }

    [Fact]
    public void Only_absolute_http_endpoints_are_accepted()
    {
        Assert.Throws<ArgumentException>(() => new JsonRpcClient(new Uri("ws://127.0.0.1:8545")));
        Assert.Throws<ArgumentException>(() => new JsonRpcClient(new Uri("/rpc", UriKind.Relative)));
    }
}

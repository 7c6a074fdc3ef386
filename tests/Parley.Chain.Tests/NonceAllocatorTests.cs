using System.Net;
using System.Text;
using System.Text.Json;
using Parley.Chain;

namespace Parley.Chain.Tests;

/// <summary>The nonce allocator against a scripted node (answers by method), for the cases a dev chain cannot stage.</summary>
public class NonceAllocatorTests
{
    private sealed class ScriptedNode : HttpMessageHandler
    {
        public Queue<ulong> PendingCounts { get; } = new();

        public bool KnowsTransactions { get; set; } = true;

        public List<string> Methods { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var doc = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var id = doc.RootElement.GetProperty("id").GetInt64();
            var method = doc.RootElement.GetProperty("method").GetString()!;
            Methods.Add(method);
            var result = method switch
            {
                "eth_getTransactionCount" => $"\"{RpcQuantity.Format(PendingCounts.Count > 1 ? PendingCounts.Dequeue() : PendingCounts.Peek())}\"",
                "eth_getTransactionByHash" => KnowsTransactions
                    ? $$"""{"hash":"0x{{new string('1', 64)}}","from":"0x{{new string('2', 40)}}","nonce":"0x0","to":null,"input":"0x","blockNumber":null}"""
                    : "null",
                _ => throw new InvalidOperationException(method),
            };
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"jsonrpc":"2.0","id":{{id}},"result":{{result}}}""", Encoding.UTF8, "application/json"),
            };
        }
    }

    private static Bytes32 Hash(ulong n) => new(Calldata.Word(n));

    [Fact]
    public async Task A_nonce_refusal_is_retried_with_the_nodes_count()
    {
        var node = new ScriptedNode();
        node.PendingCounts.Enqueue(5);
        node.PendingCounts.Enqueue(6);
        using var rpc = new JsonRpcClient(new Uri("http://127.0.0.1:1/"), new HttpClient(node));
        var allocator = new NonceAllocator(rpc, Address.Zero);
        var tried = new List<ulong>();
        var (nonce, _) = await allocator.SubmitAsync(n =>
        {
            tried.Add(n);
            return tried.Count == 1
                ? throw new JsonRpcException("eth_sendRawTransaction", -32000, "nonce too low: next nonce 6, tx nonce 5", null)
                : Task.FromResult(Hash(n));
        });
        Assert.Equal([5UL, 6UL], tried);
        Assert.Equal(6UL, nonce);
        Assert.Equal(2, allocator.Resyncs);
    }

    [Fact]
    public async Task Other_refusals_are_rethrown_and_give_up_after_the_retries()
    {
        var node = new ScriptedNode();
        node.PendingCounts.Enqueue(0);
        using var rpc = new JsonRpcClient(new Uri("http://127.0.0.1:1/"), new HttpClient(node));
        var allocator = new NonceAllocator(rpc, Address.Zero);
        var funds = await Assert.ThrowsAsync<JsonRpcException>(() => allocator.SubmitAsync(_ =>
            throw new JsonRpcException("eth_sendRawTransaction", -32003, "insufficient funds for gas * price + value", null)));
        Assert.Contains("insufficient funds", funds.Message);
        var attempts = 0;
        await Assert.ThrowsAsync<JsonRpcException>(() => allocator.SubmitAsync(_ =>
        {
            attempts++;
            throw new JsonRpcException("eth_sendRawTransaction", -32000, "already known", null);
        }));
        Assert.Equal(NonceAllocator.MaxRetries + 1, attempts);
    }

    [Fact]
    public async Task A_lagging_node_count_is_ignored_unless_the_last_transaction_vanished()
    {
        var node = new ScriptedNode();
        node.PendingCounts.Enqueue(3);
        using var rpc = new JsonRpcClient(new Uri("http://127.0.0.1:1/"), new HttpClient(node));
        var allocator = new NonceAllocator(rpc, Address.Zero);
        Assert.Equal(3UL, (await allocator.SubmitAsync(n => Task.FromResult(Hash(n)))).Nonce);
        // The node still counts 3 (lagging) but knows our transaction: the local 4 is kept.
        Assert.Equal(4UL, (await allocator.SubmitAsync(n => Task.FromResult(Hash(n)))).Nonce);
        Assert.Contains("eth_getTransactionByHash", node.Methods);
        // Now the node has forgotten it (dropped, or its block reverted): back to the node's count.
        node.KnowsTransactions = false;
        Assert.Equal(3UL, (await allocator.SubmitAsync(n => Task.FromResult(Hash(n)))).Nonce);
        Assert.Equal(2, allocator.Resyncs);
    }
}

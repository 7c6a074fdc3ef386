using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Chain;

// Reading chain state: chain id, block number, blocks, balances, code, nonces.
public sealed partial class JsonRpcClient
{
    /// <summary><c>eth_chainId</c>: the chain id (EIP-155), e.g. 31337 for anvil.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a 64-bit quantity.</exception>
    public async Task<ulong> ChainIdAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseUInt64(RpcFields.AsString(await SendAsync("eth_chainId", null, cancellationToken).ConfigureAwait(false), "eth_chainId"), "eth_chainId");

    /// <summary><c>eth_blockNumber</c>: the number of the most recent block.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a 64-bit quantity.</exception>
    public async Task<ulong> BlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseUInt64(RpcFields.AsString(await SendAsync("eth_blockNumber", null, cancellationToken).ConfigureAwait(false), "eth_blockNumber"), "eth_blockNumber");

    /// <summary><c>eth_getBlockByNumber</c> (without transactions): the block's header fields, or null when the node
    /// has no such block.</summary>
    /// <param name="block">The block; <see cref="BlockTag.Latest"/> by default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The block object is malformed.</exception>
    public async Task<BlockHeader?> GetBlockAsync(BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getBlockByNumber", Params(block.ToString(), false), cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Null ? null : BlockHeader.FromJson(result, "eth_getBlockByNumber");
    }

    /// <summary><c>eth_getBalance</c>: the account's balance in wei.</summary>
    /// <param name="account">The account.</param>
    /// <param name="block">The block to read at; <see cref="BlockTag.Latest"/> by default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a 256-bit quantity.</exception>
    public async Task<UInt256> GetBalanceAsync(Address account, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getBalance", Params(RpcData.Format(account), block.ToString()), cancellationToken).ConfigureAwait(false);
        return RpcQuantity.ParseUInt256(RpcFields.AsString(result, "eth_getBalance"), "eth_getBalance");
    }

    /// <summary><c>eth_getCode</c>: the runtime bytecode at <paramref name="account"/> (empty for an account without code).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not hex data.</exception>
    public async Task<byte[]> GetCodeAsync(Address account, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getCode", Params(RpcData.Format(account), block.ToString()), cancellationToken).ConfigureAwait(false);
        return RpcData.Parse(RpcFields.AsString(result, "eth_getCode"), "eth_getCode");
    }

    /// <summary><c>eth_getTransactionCount</c>: the number of transactions sent from <paramref name="account"/> (its next
    /// nonce) as of <paramref name="block"/>; use <see cref="BlockTag.Pending"/> to count pool transactions too.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a 64-bit quantity.</exception>
    public async Task<ulong> GetTransactionCountAsync(Address account, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("eth_getTransactionCount", Params(RpcData.Format(account), block.ToString()), cancellationToken).ConfigureAwait(false);
        return RpcQuantity.ParseUInt64(RpcFields.AsString(result, "eth_getTransactionCount"), "eth_getTransactionCount");
    }
}

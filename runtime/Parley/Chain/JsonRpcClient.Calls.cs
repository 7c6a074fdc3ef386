using System.Text.Json.Nodes;

namespace Parley.Chain;

// Executing without a transaction: eth_call and eth_estimateGas.
public sealed partial class JsonRpcClient
{
    /// <summary>
    /// <c>eth_call</c>: executes a message call against the state at <paramref name="block"/> without creating a
    /// transaction and returns the call's return data (ABI-encoded outputs for a Solidity function).
    /// </summary>
    /// <param name="to">The contract to call.</param>
    /// <param name="data">The calldata: 4-byte selector ‖ ABI-encoded arguments.</param>
    /// <param name="from">The caller (<c>msg.sender</c>); null for the node's default (the zero address on anvil).</param>
    /// <param name="block">The state to execute on; <see cref="BlockTag.Latest"/> by default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="JsonRpcException">The call reverted (<see cref="JsonRpcException.RevertData"/> holds the revert
    /// data) or the node answered with another error.</exception>
    /// <exception cref="RpcFormatException">The answer is not hex data.</exception>
    public async Task<byte[]> CallAsync(Address to, ReadOnlyMemory<byte> data, Address? from = null, BlockTag block = default,
        CancellationToken cancellationToken = default)
    {
        var call = new JsonObject { ["to"] = RpcData.Format(to), ["input"] = RpcData.Format(data.Span) };
        if (from is { } f)
        {
            call["from"] = RpcData.Format(f);
        }
        var result = await SendAsync("eth_call", Params(call, block.ToString()), cancellationToken).ConfigureAwait(false);
        return RpcData.Parse(RpcFields.AsString(result, "eth_call"), "eth_call");
    }

    /// <summary>
    /// <c>eth_call</c> of a whole transaction (sender, recipient, value, calldata and gas limit) against the state at
    /// <paramref name="block"/>: how Parley replays a mined transaction that failed to learn its revert data.
    /// </summary>
    /// <param name="transaction">The transaction; its nonce, if set, is sent too (nodes ignore it for calls).</param>
    /// <param name="block">The state to execute on; <see cref="BlockTag.Latest"/> by default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="JsonRpcException">The call reverted (<see cref="JsonRpcException.RevertData"/> holds the revert
    /// data) or the node answered with another error.</exception>
    /// <exception cref="RpcFormatException">The answer is not hex data.</exception>
    public async Task<byte[]> CallAsync(TransactionRequest transaction, BlockTag block = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = await SendAsync("eth_call", Params(transaction.ToJson(), block.ToString()), cancellationToken).ConfigureAwait(false);
        return RpcData.Parse(RpcFields.AsString(result, "eth_call"), "eth_call");
    }

    /// <summary><c>eth_estimateGas</c>: the gas the transaction would use if sent now.</summary>
    /// <remarks>anvil 1.7.1 estimates on the pending state when automine is off (transactions waiting in its pool
    /// count), and on the latest block otherwise.</remarks>
    /// <param name="transaction">The transaction (its <see cref="TransactionRequest.Gas"/> caps the estimate when set).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="JsonRpcException">The transaction would revert (<see cref="JsonRpcException.RevertData"/> holds the
    /// revert data) or the node answered with another error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a 64-bit quantity.</exception>
    public async Task<ulong> EstimateGasAsync(TransactionRequest transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var result = await SendAsync("eth_estimateGas", Params(transaction.ToJson()), cancellationToken).ConfigureAwait(false);
        return RpcQuantity.ParseUInt64(RpcFields.AsString(result, "eth_estimateGas"), "eth_estimateGas");
    }
}

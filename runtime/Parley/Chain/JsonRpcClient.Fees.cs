using System.Text.Json.Nodes;

namespace Parley.Chain;

// Gas prices and EIP-1559 fee data.
public sealed partial class JsonRpcClient
{
    /// <summary><c>eth_gasPrice</c>: the node's suggested (legacy) gas price in wei.</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a quantity.</exception>
    public async Task<UInt256> GasPriceAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseUInt256(RpcFields.AsString(await SendAsync("eth_gasPrice", null, cancellationToken).ConfigureAwait(false), "eth_gasPrice"), "eth_gasPrice");

    /// <summary><c>eth_maxPriorityFeePerGas</c>: the node's suggested EIP-1559 tip per gas in wei (not every node has it:
    /// the error is then a <see cref="JsonRpcException"/> with code −32601).</summary>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is not a quantity.</exception>
    public async Task<UInt256> MaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        RpcQuantity.ParseUInt256(
            RpcFields.AsString(await SendAsync("eth_maxPriorityFeePerGas", null, cancellationToken).ConfigureAwait(false), "eth_maxPriorityFeePerGas"),
            "eth_maxPriorityFeePerGas");

    /// <summary>
    /// <c>eth_feeHistory</c>: base fees and priority-fee percentiles of the <paramref name="blockCount"/> blocks ending at
    /// <paramref name="newestBlock"/> (fewer when the chain is shorter).
    /// </summary>
    /// <param name="blockCount">How many blocks (1 to 1024).</param>
    /// <param name="newestBlock">The last block of the range; <see cref="BlockTag.Latest"/> by default.</param>
    /// <param name="rewardPercentiles">Increasing percentiles (0–100) of the blocks' tips to report; empty for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockCount"/> is 0 or above 1024, or a percentile is
    /// outside 0–100 or not increasing.</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">The answer is malformed.</exception>
    public async Task<FeeHistory> FeeHistoryAsync(int blockCount, BlockTag newestBlock = default, IReadOnlyList<double>? rewardPercentiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, 1024);
        var percentiles = new JsonArray();
        var previous = -1.0;
        foreach (var p in rewardPercentiles ?? [])
        {
            if (p is < 0 or > 100 || p < previous)
            {
                throw new ArgumentOutOfRangeException(nameof(rewardPercentiles), p, "Percentiles must be between 0 and 100, in increasing order.");
            }
            previous = p;
            percentiles.Add(p);
        }
        var result = await SendAsync("eth_feeHistory", Params(RpcQuantity.Format((ulong)blockCount), newestBlock.ToString(), percentiles), cancellationToken)
            .ConfigureAwait(false);
        return FeeHistory.FromJson(result, rewardPercentiles?.Count ?? 0);
    }
}

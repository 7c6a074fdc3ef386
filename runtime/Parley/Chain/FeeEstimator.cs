namespace Parley.Chain;

/// <summary>
/// Chooses EIP-1559 fees for the next block: <c>maxPriorityFeePerGas</c> = the node's suggestion
/// (<c>eth_maxPriorityFeePerGas</c>), else the <see cref="FeeEstimatorOptions.RewardPercentile"/> tip of recent blocks
/// (<c>eth_feeHistory</c>, median over the blocks that had transactions), else
/// <see cref="FeeEstimatorOptions.FallbackPriorityFeePerGas"/>, and at least
/// <see cref="FeeEstimatorOptions.MinPriorityFeePerGas"/>; <c>maxFeePerGas</c> = <see cref="FeeEstimatorOptions.BaseFeeMultiplier"/>
/// × the next block's base fee (the last entry of <c>eth_feeHistory</c>'s <c>baseFeePerGas</c>) + the tip — the
/// rule ethers.js and viem use. Thread-safe.
/// </summary>
public sealed class FeeEstimator
{
    private readonly JsonRpcClient _rpc;
    private volatile bool _noPriorityFeeMethod;

    /// <summary>Creates an estimator.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="rpc"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FeeEstimator(JsonRpcClient rpc, FeeEstimatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        Options = options ?? new FeeEstimatorOptions();
        Options.Validate();
        _rpc = rpc;
    }

    /// <summary>The options.</summary>
    public FeeEstimatorOptions Options { get; }

    /// <summary>Estimates the fees of a transaction to be included in the next block.</summary>
    /// <exception cref="NotSupportedException">The chain reports no base fee (it predates EIP-1559, London).</exception>
    /// <exception cref="JsonRpcException">The node answered with an error.</exception>
    /// <exception cref="RpcFormatException">An answer is malformed.</exception>
    public async Task<Eip1559Fees> EstimateAsync(CancellationToken cancellationToken = default)
    {
        var history = await _rpc.FeeHistoryAsync(Options.HistoryBlocks, BlockTag.Latest, [Options.RewardPercentile], cancellationToken).ConfigureAwait(false);
        if (history.BaseFeePerGas.IsDefaultOrEmpty)
        {
            throw new NotSupportedException("The chain reports no base fee (eth_feeHistory is empty): it does not support EIP-1559 transactions.");
        }
        var baseFee = history.NextBaseFeePerGas;
        var tip = Options.PriorityFeePerGas ?? await SuggestedTipAsync(history, cancellationToken).ConfigureAwait(false);
        tip = UInt256.Max(tip, Options.MinPriorityFeePerGas);
        var maxFee = checked(baseFee * (UInt256)(ulong)Options.BaseFeeMultiplier + tip);
        return new Eip1559Fees(maxFee, tip, baseFee);
    }

    private async Task<UInt256> SuggestedTipAsync(FeeHistory history, CancellationToken cancellationToken)
    {
        if (!_noPriorityFeeMethod)
        {
            try
            {
                return await _rpc.MaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonRpcException e) when (e.Code == -32601)
            {
                _noPriorityFeeMethod = true; // method not found: use the history from now on
            }
        }
        var tips = new List<UInt256>();
        for (var i = 0; i < history.Reward.Length; i++)
        {
            if (history.GasUsedRatio[i] > 0 && history.Reward[i].Length > 0)
            {
                tips.Add(history.Reward[i][0]);
            }
        }
        if (tips.Count == 0)
        {
            return Options.FallbackPriorityFeePerGas;
        }
        tips.Sort();
        return tips[tips.Count / 2];
    }
}

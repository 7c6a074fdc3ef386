namespace Parley.Chain;

/// <summary>How <see cref="FeeEstimator"/> prices EIP-1559 transactions.</summary>
public sealed record FeeEstimatorOptions
{
    /// <summary>The max fee is this many times the next block's base fee, plus the tip: head room for the base fee to rise
    /// (it can rise 12.5% per full block, so 2 covers about six full blocks in a row). Default 2; at least 1.</summary>
    public int BaseFeeMultiplier { get; init; } = 2;

    /// <summary>How many recent blocks <c>eth_feeHistory</c> looks at. Default 10.</summary>
    public int HistoryBlocks { get; init; } = 10;

    /// <summary>The percentile of recent blocks' tips used when the node has no <c>eth_maxPriorityFeePerGas</c>. Default 50.</summary>
    public double RewardPercentile { get; init; } = 50;

    /// <summary>The lowest tip to offer, in wei per gas. Default 0.</summary>
    public UInt256 MinPriorityFeePerGas { get; init; } = UInt256.Zero;

    /// <summary>The tip used when neither the node nor recent blocks suggest one, in wei per gas. Default 1 gwei.</summary>
    public UInt256 FallbackPriorityFeePerGas { get; init; } = 1_000_000_000UL;

    /// <summary>A fixed tip in wei per gas, skipping the node's suggestion; null (default) to ask.</summary>
    public UInt256? PriorityFeePerGas { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseFeeMultiplier, 1, nameof(BaseFeeMultiplier));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HistoryBlocks, nameof(HistoryBlocks));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistoryBlocks, 1024, nameof(HistoryBlocks));
        if (RewardPercentile is < 0 or > 100 || double.IsNaN(RewardPercentile))
        {
            throw new ArgumentOutOfRangeException(nameof(RewardPercentile), RewardPercentile, "A percentile is between 0 and 100.");
        }
    }
}

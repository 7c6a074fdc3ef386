namespace Parley.Chain;

/// <summary>The fee fields of an EIP-1559 transaction, as <see cref="FeeEstimator"/> chose them.</summary>
/// <param name="MaxFeePerGas">The most paid per gas, in wei.</param>
/// <param name="MaxPriorityFeePerGas">The tip per gas, in wei (at most <paramref name="MaxFeePerGas"/>).</param>
/// <param name="BaseFeePerGas">The base fee of the next block when estimated, in wei (for display; not sent).</param>
public sealed record Eip1559Fees(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas, UInt256 BaseFeePerGas);

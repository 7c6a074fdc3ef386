namespace Parley.Contracts;

/// <summary>What the adjudicator holds for one channel in one asset (<c>holdings(channelId, asset)</c>).</summary>
/// <param name="Amount">The amount held, in wei (ETH) or token base units; at most 2^208 − 1.</param>
/// <param name="FundingDeadline">The asset's funding deadline set by the first deposit, unix seconds; 0 when none was set.</param>
public readonly record struct ChannelHoldings(UInt256 Amount, ulong FundingDeadline);

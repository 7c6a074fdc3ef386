namespace Parley.Chain;

/// <summary>What one <see cref="LogPoller.PollAsync"/> round did.</summary>
/// <param name="Head">The chain's latest block when polled (its timestamp is chain time).</param>
/// <param name="ProcessedThrough">The last block processed (head − confirmations, or less when catching up); null when
/// no block is confirmed yet.</param>
/// <param name="Added">How many new logs were handed to the handler.</param>
/// <param name="Retracted">How many processed logs were retracted (their block was replaced or removed).</param>
/// <param name="CaughtUp">Whether every confirmed block has been processed (false while catching up in chunks).</param>
public sealed record LogPollResult(BlockHeader Head, ulong? ProcessedThrough, int Added, int Retracted, bool CaughtUp);

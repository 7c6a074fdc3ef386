namespace Parley.Settlement;

/// <summary>Settings of a <see cref="ChainService"/>.</summary>
public sealed record ChainServiceOptions
{
    /// <summary>How often holdings are re-read while waiting for deposits (<see cref="ChainService.DepositShareAsync"/>,
    /// <see cref="ChainService.WaitForFundingAsync"/>). Default 1 second (a few ms on a dev chain).</summary>
    public TimeSpan FundingPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first block to read the adjudicator's events from (its deployment block). Default 0.</summary>
    public ulong FromBlock { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FundingPollInterval, TimeSpan.Zero, nameof(FundingPollInterval));
}

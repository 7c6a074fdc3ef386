namespace Parley.Chain;

/// <summary>What a <see cref="LogPoller"/> follows and how cautiously.</summary>
public sealed record LogPollerOptions
{
    /// <summary>The emitting contracts to follow (any of them); empty for any contract.</summary>
    public IReadOnlyList<Address> Addresses { get; init; } = [];

    /// <summary>Topic filters per position (null matches anything), as <see cref="LogFilter.Topics"/>; null for none.</summary>
    public IReadOnlyList<IReadOnlyList<Bytes32>?>? Topics { get; init; }

    /// <summary>The first block to process when no cursor was saved (e.g. the contract's deployment block). Default 0.</summary>
    public ulong StartBlock { get; init; }

    /// <summary>How many blocks must follow a block before its logs are processed: 0 processes the head at once (and relies
    /// on retraction when it is reorganised away). Default 0.</summary>
    public int Confirmations { get; init; }

    /// <summary>How many processed blocks are re-read on every poll to detect reorganisations: a log whose block was
    /// replaced within this depth is retracted (and its replacement processed). Deeper reorganisations go unnoticed.
    /// Default 64.</summary>
    public int ReorgWindow { get; init; } = 64;

    /// <summary>The most new blocks read in one poll (one <c>eth_getLogs</c>); a poll behind by more processes this many and
    /// reports <see cref="LogPollResult.CaughtUp"/> false. Default 5,000.</summary>
    public ulong MaxBlockRange { get; init; } = 5_000;

    /// <summary>The delay between polls in <see cref="LogPoller.RunAsync"/> once caught up. Default 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Addresses, nameof(Addresses));
        ArgumentOutOfRangeException.ThrowIfNegative(Confirmations, nameof(Confirmations));
        ArgumentOutOfRangeException.ThrowIfNegative(ReorgWindow, nameof(ReorgWindow));
        ArgumentOutOfRangeException.ThrowIfZero(MaxBlockRange, nameof(MaxBlockRange));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
    }
}

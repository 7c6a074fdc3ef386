namespace Parley.Watcher;

/// <summary>Settings of a <see cref="ChannelWatcher"/>.</summary>
public sealed record WatcherOptions
{
    /// <summary>The name of the watcher's log cursor in its <see cref="Chain.ILogCursorStore"/>. Default <c>watcher</c>.</summary>
    public string CursorName { get; init; } = "watcher";

    /// <summary>How often the chain is polled for new blocks and adjudicator events. A stale challenge is answered in the
    /// block after the poll that sees it, so keep this below the chain's block time. Default 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first block to read the adjudicator's events from when no cursor is saved (its deployment block). Default 0.</summary>
    public ulong StartBlock { get; init; }

    /// <summary>Blocks re-read on every poll to detect reorganisations (see <see cref="Chain.LogPollerOptions.ReorgWindow"/>). Default 64.</summary>
    public int ReorgWindow { get; init; } = 64;

    /// <summary>Whether to withdraw this participant's share once a channel is finalized on chain. Default true.</summary>
    public bool AutoWithdraw { get; init; } = true;

    /// <summary>Whether to answer a challenge with <c>progress</c> (this participant's stored move on the registered state)
    /// when it can, keeping the challenge running against the next mover; false always answers with <c>checkpoint</c>,
    /// which clears it. Default true.</summary>
    public bool PreferProgress { get; init; } = true;

    /// <summary>
    /// Chooses this participant's move when a challenge on its turn can only be answered by a new move (the registered
    /// state is this node's latest). With a responder and <see cref="ChannelWatcher.Engine"/> set, the watcher signs the
    /// chosen action through the engine and sends <c>progress</c> (<see cref="ChallengeMoveMadeEvent"/>); without one, or
    /// when it returns null, it raises <see cref="MoveNeededEvent"/>. Default null.
    /// </summary>
    public IChallengeResponder? ChallengeResponder { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The cursor name is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Chain.FileLogCursorStore.ValidateName(CursorName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(ReorgWindow, nameof(ReorgWindow));
    }
}

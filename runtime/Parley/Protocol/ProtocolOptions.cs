namespace Parley.Protocol;

/// <summary>Tunables of the channel protocol (per node; every channel of the node uses them).</summary>
public sealed record ProtocolOptions
{
    /// <summary>
    /// A participant that receives a mover-signed state countersigns it when it is at least this many turns past the
    /// latest state signed by everyone, so support proofs stay short (DESIGN.md, "Support"). Final states are always
    /// countersigned (that concludes the channel). 0 disables periodic checkpoints. Default 16.
    /// </summary>
    public int CheckpointInterval { get; init; } = 16;

    /// <summary>A full snapshot of the state is stored every this many turns (≥ 1). Default 64.</summary>
    public int SnapshotInterval { get; init; } = 64;

    /// <summary>
    /// How many recent state hashes a channel keeps in memory to tell a replay (an identical old message) from a
    /// conflicting one; older turnNums are refused as <see cref="RejectionReason.StaleTurnNum"/>. Default 1,024.
    /// </summary>
    public int ReplayWindow { get; init; } = 1024;

    /// <summary>
    /// The agreement time: how long a counterparty may take to acknowledge a state this node signed, or to sign an
    /// agreed state (the pre-fund state, a conclude proposal), before the engine raises an escalation (the cue to
    /// go to the chain). Default 30 s.
    /// </summary>
    public TimeSpan AgreementTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the participant whose turn it is may take to move before an escalation; null (default) waits forever.</summary>
    public TimeSpan? TurnTimeout { get; init; }

    /// <summary>
    /// The furthest ahead of this node's clock a proposed funding deadline may lie (<see cref="ProposeMessage.FundingDeadline"/>):
    /// a deadline further away would let a counterparty that never funds keep this node's deposit locked until then
    /// (<c>reclaim</c> needs the deadline to have passed). Checked for proposals this node receives and makes; null
    /// accepts any deadline up to 2^48 − 1. Default 7 days.
    /// </summary>
    public TimeSpan? MaxFundingWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Whether this node countersigns a valid conclude proposal automatically. Default true.</summary>
    public bool AutoAcceptConclude { get; init; } = true;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReplayWindow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AgreementTime, TimeSpan.Zero);
        if (TurnTimeout is { } turn)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(turn, TimeSpan.Zero, nameof(TurnTimeout));
        }
        if (MaxFundingWindow is { } window)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(MaxFundingWindow));
        }
    }
}

using Parley.Channels;
using Parley.Contracts;

namespace Parley.Settlement;

/// <summary>The phase of a channel in the adjudicator at a chain time.</summary>
public enum OnChainPhase
{
    /// <summary>Nothing registered, or the last challenge was cleared by a checkpoint: the channel runs off chain.</summary>
    Open = 0,

    /// <summary>A challenge is running: it finalizes at <see cref="ChannelOnChain.FinalizesAt"/> unless answered.</summary>
    Challenged = 1,

    /// <summary>Finalized (concluded, challenge timed out, or reclaimed): the registered outcome can be withdrawn.</summary>
    Finalized = 2,
}

/// <summary>
/// A channel as the adjudicator holds it, rebuilt from its status word and its events (<see cref="ChainService.ReadChannelAsync"/>):
/// the registered state when it can be known, and what was already paid out.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Status">The status word (turnNumRecord, finalizesAt, fingerprint).</param>
/// <param name="Phase">Open, challenged or finalized at <paramref name="ChainTime"/>.</param>
/// <param name="ChainTime">The chain time the phase was judged at (the latest block's timestamp, unix seconds).</param>
/// <param name="Registered">The registered state as registered (before payouts): from the last <c>Challenged</c> event
/// and the <c>Progressed</c> moves after it, re-executed with the app's reducer; or supplied by the caller for
/// <c>Concluded</c>/<c>Checkpointed</c>/<c>FundingReclaimed</c>, whose events do not carry it. Null when unknown. Always
/// checked against the status fingerprint.</param>
/// <param name="OutcomeOnRecord">The registered outcome less what the <c>Withdrawn</c> events since paid: what the next
/// <c>withdraw</c> must quote. Null when <paramref name="Registered"/> is.</param>
/// <param name="Withdrawals">The <c>Withdrawn</c> events since the state was registered, in chain order.</param>
/// <param name="LastEventBlock">The block of the last adjudicator event of the channel; null when it has none.</param>
public sealed record ChannelOnChain(
    Bytes32 ChannelId,
    ChannelStatus Status,
    OnChainPhase Phase,
    ulong ChainTime,
    VariablePart? Registered,
    Outcome? OutcomeOnRecord,
    IReadOnlyList<WithdrawnEvent> Withdrawals,
    ulong? LastEventBlock)
{
    /// <summary>
    /// The <c>progress</c> moves of the running (or timed-out) challenge, in chain order, since its <c>Challenged</c>
    /// event: the last one's <see cref="OnChainMove.After"/> is <see cref="Registered"/>. Empty when no move was made on
    /// the challenge, or when <see cref="Registered"/> is unknown.
    /// </summary>
    public IReadOnlyList<OnChainMove> Moves { get; init; } = [];

    /// <summary>
    /// The state the running (or timed-out) challenge registered, as its <c>Challenged</c> event carries it (before any
    /// <c>progress</c> move: the first of <see cref="Moves"/> builds on it). Null when no challenge is on record since the
    /// last checkpoint or conclusion, or when <see cref="Registered"/> is unknown.
    /// </summary>
    public VariablePart? ChallengedState { get; init; }

    /// <summary>
    /// The hash of the transaction that emitted that <c>Challenged</c> event: its calldata carries the support proof of
    /// <see cref="ChallengedState"/> when it called the adjudicator's <c>challenge</c> directly
    /// (<see cref="AdjudicatorAbi.DecodeChallenge"/>). Null exactly when <see cref="ChallengedState"/> is.
    /// </summary>
    public Bytes32? ChallengeTransaction { get; init; }

    /// <summary>The turn number on record.</summary>
    public ulong TurnNumRecord => Status.TurnNumRecord;

    /// <summary>When the registered state finalizes (unix seconds); 0 when no challenge is on record.</summary>
    public ulong FinalizesAt => Status.FinalizesAt;

    /// <summary>The registered state with the outcome on record (the form <c>withdraw</c> and the fingerprint use); null when unknown.</summary>
    public VariablePart? RegisteredOnRecord => Registered is null || OutcomeOnRecord is null ? null : Registered.WithOutcome(OutcomeOnRecord);
}

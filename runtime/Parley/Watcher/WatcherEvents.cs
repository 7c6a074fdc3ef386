using Parley.Channels;
using Parley.Contracts;
using Parley.Observers;
using Parley.Settlement;

namespace Parley.Watcher;

/// <summary>What a <see cref="ChannelWatcher"/> saw or did, for a node's log, API or UI (<see cref="ChannelWatcher.EventRaised"/>).</summary>
/// <param name="Timestamp">When, by the local clock.</param>
/// <param name="ChannelId">The channel.</param>
public abstract record WatcherEvent(DateTimeOffset Timestamp, Bytes32 ChannelId);

/// <summary>A challenge is running on chain against the channel.</summary>
/// <param name="Timestamp">When it was seen.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNumRecord">The challenged turn.</param>
/// <param name="FinalizesAt">When it finalizes unless answered, unix seconds of chain time.</param>
/// <param name="LatestSupportedTurn">This node's latest supported turn: above <paramref name="TurnNumRecord"/>, the challenge is stale.</param>
/// <param name="Block">The block of the channel's last adjudicator event (the challenge or the last progress), if known.</param>
public sealed record ChallengeDetectedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNumRecord, ulong FinalizesAt, ulong LatestSupportedTurn,
    ulong? Block) : WatcherEvent(Timestamp, ChannelId)
{
    /// <summary>Whether the challenged state is older than this node's latest supported state.</summary>
    public bool IsStale => LatestSupportedTurn > TurnNumRecord;
}

/// <summary>How the watcher answered a challenge.</summary>
public enum ChallengeAnswer
{
    /// <summary><c>checkpoint</c> with the latest supported state: the challenge is cleared.</summary>
    Checkpoint = 1,

    /// <summary><c>progress</c> with this participant's move on the registered state: the challenge runs on against the next mover.</summary>
    Progress = 2,
}

/// <summary>The watcher answered a stale challenge on chain.</summary>
/// <param name="Timestamp">When the answer was mined (seen).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Answer">Checkpoint or progress.</param>
/// <param name="ChallengedTurn">The turn the challenge had registered.</param>
/// <param name="AnsweredTurn">The turn the answer registered.</param>
/// <param name="ChallengeBlock">The block of the challenge (or last progress) answered, if known.</param>
/// <param name="Receipt">The answer's receipt (block, gas used).</param>
public sealed record ChallengeAnsweredEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ChallengeAnswer Answer, ulong ChallengedTurn, ulong AnsweredTurn,
    ulong? ChallengeBlock, AdjudicatorReceipt Receipt) : WatcherEvent(Timestamp, ChannelId);

/// <summary>The watcher challenged on chain with the latest supported state (after an escalation, or on request).</summary>
/// <param name="Timestamp">When the challenge was mined (seen).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The registered turn.</param>
/// <param name="FinalizesAt">When it finalizes unless answered, unix seconds of chain time.</param>
/// <param name="Reason">The escalation that caused it; null when requested directly.</param>
/// <param name="Receipt">The challenge's receipt.</param>
public sealed record ChallengeRegisteredEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNum, ulong FinalizesAt, EscalationKind? Reason,
    AdjudicatorReceipt Receipt) : WatcherEvent(Timestamp, ChannelId);

/// <summary>
/// A challenge is running and it is this participant's turn on the registered state, which is not older than the
/// latest supported one: only a new move answers it (<see cref="ChainService.ProgressAsync"/> with the move signed by this participant); otherwise the channel
/// finalizes with the registered outcome at <paramref name="FinalizesAt"/>.
/// </summary>
/// <param name="Timestamp">When it was seen.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Registered">The registered state to move on.</param>
/// <param name="FinalizesAt">The deadline, unix seconds of chain time.</param>
public sealed record MoveNeededEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, VariablePart Registered, ulong FinalizesAt) : WatcherEvent(Timestamp, ChannelId);

/// <summary>
/// A challenge on this participant's turn was answered with a new move: the <see cref="IChallengeResponder"/> chose the
/// action, the engine signed it on the registered state (<see cref="Engine.ChannelEngine.MoveOnChainAsync"/>, now the
/// channel's latest state off chain too) and <c>progress</c> was mined; the challenge runs on against the next mover.
/// </summary>
/// <param name="Timestamp">When the progress was mined (seen).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="ChallengedTurn">The registered turn moved on.</param>
/// <param name="Move">The move sent (action and this participant's signature on turn <paramref name="ChallengedTurn"/> + 1).</param>
/// <param name="ChallengeBlock">The block of the challenge (or last progress) answered, if known.</param>
/// <param name="Receipt">The progress transaction's receipt.</param>
public sealed record ChallengeMoveMadeEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong ChallengedTurn, Move Move, ulong? ChallengeBlock,
    AdjudicatorReceipt Receipt) : WatcherEvent(Timestamp, ChannelId);

/// <summary>
/// A move another participant made only on chain (a <c>Progressed</c> event this node's store did not hold) was verified
/// and stored through the engine (<see cref="Engine.ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>):
/// it is now the channel's latest state off chain too, and a challenge on it can be answered by this node's move.
/// </summary>
/// <param name="Timestamp">When it was stored.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Move">The move as the chain holds it (the state before, the event, the state after).</param>
public sealed record MoveAdoptedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, OnChainMove Move) : WatcherEvent(Timestamp, ChannelId);

/// <summary>
/// A move found on chain was not adopted (nothing stored): the engine refused it with <paramref name="Reason"/> — e.g.
/// <see cref="Protocol.RejectionReason.TurnNumRepeated"/> for a fork (the mover signed another state at that turnNum,
/// which this node holds and keeps), or <see cref="Protocol.RejectionReason.TurnNumSkipped"/> when the challenge
/// registered a state this node never held. Raised once per turnNum; the later moves of the challenge are not tried.
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Move">The move as the chain holds it.</param>
/// <param name="Reason">The engine's reason.</param>
/// <param name="Detail">The engine's explanation.</param>
public sealed record MoveAdoptionRefusedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, OnChainMove Move, Protocol.RejectionReason Reason, string Detail)
    : WatcherEvent(Timestamp, ChannelId);

/// <summary>Why the support proof in a challenge's calldata was not adopted (<see cref="ChallengeProofRefusedEvent"/>).</summary>
public enum ChallengeProofProblem
{
    /// <summary>The node does not know the challenge transaction (<c>eth_getTransactionByHash</c> returned null).</summary>
    TransactionNotFound = 0,

    /// <summary>The calldata is not a well-formed <c>challenge</c> call (<see cref="AdjudicatorAbi.DecodeChallenge"/> refused it).</summary>
    Malformed = 1,

    /// <summary>The proof is for another channel (its fixed part hashes to another channel id).</summary>
    OtherChannel = 2,

    /// <summary>A move of the proof does not hold under this node's reducer (<see cref="SupportProof.Resolve"/>).</summary>
    InvalidMove = 3,

    /// <summary>The proof supports another state than the one the <c>Challenged</c> event registered.</summary>
    NotTheRegisteredState = 4,

    /// <summary>The proof's states up to this node's latest are not the states this node holds (a fork).</summary>
    NotTheHeldState = 5,

    /// <summary>The engine refused to store a state of the proof (see <see cref="ChallengeProofRefusedEvent.Reason"/>).</summary>
    Refused = 6,
}

/// <summary>
/// A challenge registered a state this node never held (the counterparty signed its own next moves on the last agreed
/// state and registered them with <c>challenge</c> without sending them): the support proof was read from the
/// challenge transaction's calldata (<see cref="AdjudicatorAbi.DecodeChallenge"/>), checked to be for this channel and to
/// yield exactly the registered state, and each state it holds that this node did not was stored through the engine
/// (<see cref="Engine.ChannelEngine.AdoptOnChainMoveAsync(Bytes32, VariablePart, int, Move, CancellationToken)"/>, in
/// order). The registered state is now the channel's latest off chain too, so a move on it can answer the challenge.
/// </summary>
/// <param name="Timestamp">When the last state was stored.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="ChallengedTurn">The turn the challenge registered.</param>
/// <param name="Transaction">The challenge transaction whose calldata carried the proof.</param>
/// <param name="StatesAdopted">How many states were stored now (the moves on top of this node's latest).</param>
public sealed record ChallengeProofAdoptedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong ChallengedTurn, Bytes32 Transaction, int StatesAdopted)
    : WatcherEvent(Timestamp, ChannelId);

/// <summary>
/// The support proof in the calldata of a challenge that registered a state this node never held was not adopted:
/// <paramref name="Problem"/> says which check failed. Nothing was stored unless the engine refused a later move of the
/// proof after storing the earlier ones (<see cref="ChallengeProofProblem.Refused"/>). Raised once per challenge
/// transaction; the watcher then falls back to <see cref="MoveNeededEvent"/> when it is this participant's turn.
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="ChallengedTurn">The turn the challenge registered.</param>
/// <param name="Transaction">The challenge transaction.</param>
/// <param name="Problem">The check that failed.</param>
/// <param name="Reason">The engine's reason, for <see cref="ChallengeProofProblem.Refused"/>; otherwise null.</param>
/// <param name="Detail">An explanation.</param>
public sealed record ChallengeProofRefusedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong ChallengedTurn, Bytes32 Transaction,
    ChallengeProofProblem Problem, Protocol.RejectionReason? Reason, string Detail) : WatcherEvent(Timestamp, ChannelId);

/// <summary>The channel is finalized on chain (concluded, timed out, or reclaimed).</summary>
/// <param name="Timestamp">When it was seen.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="View">The channel as the chain holds it.</param>
public sealed record ChannelFinalizedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ChannelOnChain View) : WatcherEvent(Timestamp, ChannelId);

/// <summary>The watcher withdrew this participant's share of one asset.</summary>
/// <param name="Timestamp">When it was mined (seen).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Asset">The asset.</param>
/// <param name="Amount">The amount paid to this participant (wei or token base units).</param>
/// <param name="Receipt">The withdrawal's receipt.</param>
public sealed record PayoutWithdrawnEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, Address Asset, UInt256 Amount, AdjudicatorReceipt Receipt)
    : WatcherEvent(Timestamp, ChannelId);

/// <summary>The watcher's view of the channel on chain changed (phase, turn on record, deadline).</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="View">The new view.</param>
public sealed record OnChainViewChangedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ChannelOnChain View) : WatcherEvent(Timestamp, ChannelId);

/// <summary>Handling a channel failed (a node error, a refused transaction); the watcher retries on the next poll.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel, or <see cref="Bytes32.Zero"/> when the failure concerns the whole watcher (polling).</param>
/// <param name="Error">What failed.</param>
public sealed record WatcherFailedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, Exception Error) : WatcherEvent(Timestamp, ChannelId);

using Parley.Channels;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Observers;

/// <summary>
/// Something an application may want to know about its node: the base of every event published through
/// <see cref="ChannelEvents"/>. Events are immutable records; byte arrays in them must not be modified.
/// </summary>
/// <param name="Timestamp">When the event happened (the time the protocol step ran).</param>
public abstract record ParleyEvent(DateTimeOffset Timestamp);

/// <summary>An event about one channel.</summary>
/// <param name="Timestamp">When it happened.</param>
/// <param name="ChannelId">The channel.</param>
public abstract record ChannelEvent(DateTimeOffset Timestamp, Bytes32 ChannelId) : ParleyEvent(Timestamp);

/// <summary>
/// A channel was proposed (by this node or a peer) and stored; it runs once every participant signed the pre-fund
/// state (<see cref="ChannelOpenedEvent"/>).
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="FixedPart">Its fixed part.</param>
/// <param name="App">The state machine's id.</param>
/// <param name="ProposedByMe">Whether this node proposed it.</param>
/// <param name="FundingDeadline">The funding deadline the proposal carries, unix seconds of chain time (see <see cref="Protocol.ChannelState.FundingDeadline"/>).</param>
public sealed record ChannelProposedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, FixedPart FixedPart, string App, bool ProposedByMe, ulong FundingDeadline)
    : ChannelEvent(Timestamp, ChannelId);

/// <summary>Every participant signed the pre-fund state: updates may flow.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
public sealed record ChannelOpenedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId) : ChannelEvent(Timestamp, ChannelId);

/// <summary>
/// The channel's latest supported state changed: an action was applied (by this node or a peer) and durably stored.
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The new state's turnNum.</param>
/// <param name="Mover">The index of the participant whose action produced it.</param>
/// <param name="Action">The action's calldata.</param>
/// <param name="AppData">The new appData.</param>
/// <param name="Outcome">The new outcome.</param>
/// <param name="IsFinal">Whether the new state is final.</param>
/// <param name="NextMover">The index of the participant who moves next (meaningless when <paramref name="IsFinal"/>).</param>
public sealed record StateChangedEvent(
    DateTimeOffset Timestamp,
    Bytes32 ChannelId,
    ulong TurnNum,
    int Mover,
    byte[] Action,
    byte[] AppData,
    Outcome Outcome,
    bool IsFinal,
    int NextMover) : ChannelEvent(Timestamp, ChannelId);

/// <summary>A state became signed by every participant (a checkpoint: the support proof restarts from it).</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The state's turnNum.</param>
public sealed record StateFullySignedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNum) : ChannelEvent(Timestamp, ChannelId);

/// <summary>A final state is signed by every participant: the channel is concluded off chain.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNum">The final state's turnNum.</param>
/// <param name="Outcome">The final outcome.</param>
public sealed record ChannelConcludedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, ulong TurnNum, Outcome Outcome) : ChannelEvent(Timestamp, ChannelId);

/// <summary>
/// A message from a peer (or a local request) was refused; nothing of it was applied. Replays (harmless duplicates,
/// e.g. after a resync) are not reported.
/// </summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel the message named.</param>
/// <param name="Peer">The peer the message came from, or null for a local request.</param>
/// <param name="TurnNum">The turnNum the message carried.</param>
/// <param name="Reason">The specific reason.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record UpdateRejectedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, Address? Peer, ulong TurnNum, RejectionReason Reason, string Detail)
    : ChannelEvent(Timestamp, ChannelId);

/// <summary>A peer refused something this node sent (it answered with REJECT).</summary>
/// <param name="Timestamp">When.</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Peer">The refusing peer.</param>
/// <param name="TurnNum">The turnNum of the refused message.</param>
/// <param name="Reason">The peer's reason.</param>
/// <param name="Detail">The peer's explanation.</param>
public sealed record PeerRejectedEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, Address Peer, ulong TurnNum, RejectionReason Reason, string Detail)
    : ChannelEvent(Timestamp, ChannelId);

/// <summary>What a counterparty failed to do in time (<see cref="EscalationNeededEvent.Kind"/>).</summary>
public enum EscalationKind
{
    /// <summary>A state this node signed was not acknowledged (durably stored) by every participant within the agreement time.</summary>
    NoAcknowledgement = 1,

    /// <summary>An agreed state (the pre-fund state, a conclude proposal) was not signed by every participant within the agreement time.</summary>
    NoAgreement = 2,

    /// <summary>The participant whose turn it is did not move within the turn timeout.</summary>
    NoMove = 3,
}

/// <summary>
/// A counterparty did not answer within the channel's agreement time (or turn timeout): the cue to fall back to the
/// chain — challenge with the latest supported state (the P2P State Channels proposal's agreementTime → chainFallbackTime).
/// Raised once per missed deadline.
/// </summary>
/// <param name="Timestamp">When the deadline passed (as seen by the engine's clock).</param>
/// <param name="ChannelId">The channel.</param>
/// <param name="Kind">What was missed.</param>
/// <param name="TurnNum">The turnNum of the latest supported state (the one to challenge with).</param>
/// <param name="Since">When the wait began.</param>
/// <param name="Laggards">The indices of the participants who did not answer.</param>
public sealed record EscalationNeededEvent(DateTimeOffset Timestamp, Bytes32 ChannelId, EscalationKind Kind, ulong TurnNum, DateTimeOffset Since, IReadOnlyList<int> Laggards)
    : ChannelEvent(Timestamp, ChannelId);

/// <summary>An authenticated connection to a peer came up.</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Peer">The peer's participant address.</param>
public sealed record PeerConnectedEvent(DateTimeOffset Timestamp, Address Peer) : ParleyEvent(Timestamp);

/// <summary>The connection to a peer ended (the transport redials known peers).</summary>
/// <param name="Timestamp">When.</param>
/// <param name="Peer">The peer.</param>
/// <param name="Reason">Why the connection ended.</param>
public sealed record PeerLostEvent(DateTimeOffset Timestamp, Address Peer, ConnectionClosed Reason) : ParleyEvent(Timestamp);

namespace Parley.Protocol;

/// <summary>
/// Why the protocol core refused a message or a local request. Each check of the validation pipeline has its own
/// value (docs/runtime.md, "Validation"). The numeric values travel in REJECT frames and never change.
/// </summary>
public enum RejectionReason : byte
{
    /// <summary>The message is not well formed (it decoded, but a field is inconsistent, e.g. an outcome with the wrong number of balances).</summary>
    Malformed = 1,

    /// <summary>No channel with this id is known here.</summary>
    UnknownChannel = 2,

    /// <summary>The signature cannot be parsed (r or s zero or ≥ n, v not 27/28) or recovers no key.</summary>
    InvalidSignature = 3,

    /// <summary>The signature's s is above n/2: Ethereum (EIP-2) and the adjudicator accept low-s signatures only.</summary>
    HighS = 4,

    /// <summary>The signature recovers to an address that is not a participant of the channel (or not the one the message names).</summary>
    NotAParticipant = 5,

    /// <summary>The signer is a participant but not the one allowed to move on the state the update builds on (<c>nextMover</c>).</summary>
    WrongMover = 6,

    /// <summary>The update's turnNum is beyond the next one (a skipped turn).</summary>
    TurnNumSkipped = 7,

    /// <summary>The update's turnNum is one this node already holds a different state for (a repeated turnNum).</summary>
    TurnNumRepeated = 8,

    /// <summary>The message is identical to one already accepted (a replay). Harmless; not answered with REJECT.</summary>
    Replay = 9,

    /// <summary>The update's parent hash is not the hash of the state this node holds at turnNum − 1.</summary>
    NotBuiltOnHeldState = 10,

    /// <summary>The reducer rejected the action (a <c>Require</c> failed, malformed or unknown action, overflow).</summary>
    ActionRejected = 11,

    /// <summary>Re-running the reducer on the held state gives an appData, outcome or isFinal different from the claimed ones.</summary>
    ResultMismatch = 12,

    /// <summary>The claimed outcome does not conserve an asset's total, changes the asset list, or the balance count.</summary>
    ConservationViolated = 13,

    /// <summary>The channel is not in a phase that accepts this (an update before the pre-fund state is fully signed, anything after conclusion).</summary>
    ChannelNotRunning = 14,

    /// <summary>The turnNum is older than the replay window: the message is about a state long superseded.</summary>
    StaleTurnNum = 15,

    /// <summary>The proposal is invalid: this node is not a participant, another chain or adjudicator, duplicate or zero participants, a channel already known with other contents.</summary>
    InvalidProposal = 16,

    /// <summary>The proposal names a state machine this node does not have.</summary>
    UnknownApp = 17,

    /// <summary>This node's policy declined the proposal.</summary>
    ProposalDeclined = 18,

    /// <summary>A countersignature names a state (turnNum and hash) this node does not hold.</summary>
    UnknownState = 19,

    /// <summary>The state the action would apply to is final: no further action is valid.</summary>
    StateIsFinal = 20,

    /// <summary>A local request that is not this participant's to make now (not its turn, a conclude while others must move).</summary>
    NotYourTurn = 21,

    /// <summary>Signing would break the never-sign-twice rule (this node already signed a state at that turnNum or later).</summary>
    AlreadySigned = 22,

    /// <summary>
    /// The proposal's funding deadline is unusable: 0, above 2^48 − 1 (a Solidity <c>uint48</c>), not after the
    /// receiver's clock (chain time in a node), or further ahead than <see cref="ProtocolOptions.MaxFundingWindow"/>.
    /// </summary>
    InvalidFundingDeadline = 23,
}

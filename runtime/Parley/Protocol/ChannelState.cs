using System.Collections.Immutable;
using Parley.Channels;
using Parley.Crypto;
using Parley.StateMachines;

namespace Parley.Protocol;

/// <summary>
/// Everything the protocol core knows about one channel, as an immutable value: the input and output of every
/// <see cref="ChannelProtocol"/> step. The durable copy lives in the store; <see cref="ChannelProtocol.Restore"/>
/// rebuilds this from it after a restart.
/// </summary>
public sealed record ChannelState
{
    /// <summary>The channel's fixed part.</summary>
    public required FixedPart FixedPart { get; init; }

    /// <summary>The state machine governing the channel.</summary>
    public required IStateMachineDefinition App { get; init; }

    /// <summary>This node's participant index.</summary>
    public required int MyIndex { get; init; }

    /// <summary>
    /// The funding deadline agreed in the proposal (<see cref="ProposeMessage.FundingDeadline"/>): unix seconds of chain
    /// time, a Solidity <c>uint48</c>. Every participant passes it to the adjudicator's deposits (the first deposit of an
    /// asset sets it, later ones must repeat it) and <c>reclaim</c> needs it to have passed. 0 only for a channel
    /// restored from a store of schema version 1, which did not record it.
    /// </summary>
    public ulong FundingDeadline { get; init; }

    /// <summary>The channel's phase.</summary>
    public required ChannelPhase Phase { get; init; }

    /// <summary>
    /// The latest supported state (in <see cref="ChannelPhase.Proposed"/>, the pre-fund state awaiting signatures),
    /// with the signatures this node holds on it.
    /// </summary>
    public required LoggedState Latest { get; init; }

    /// <summary>The digest of the pre-fund state (turnNum 0), to recognise a repeated proposal.</summary>
    public required Bytes32 PreFundHash { get; init; }

    /// <summary>The turnNum of the latest state signed by every participant (the start of the support proof).</summary>
    public ulong LatestFullySignedTurn { get; init; }

    /// <summary>An agreed state awaiting signatures at turnNum <c>Latest.TurnNum + 1</c> (a conclude proposal), or null.</summary>
    public LoggedState? Pending { get; init; }

    /// <summary>The highest turnNum this node has signed in the channel, −1 for none (mirrors the store's guard).</summary>
    public long HighestSignedTurn { get; init; } = -1;

    /// <summary>
    /// Signatures held on the states after <see cref="LatestFullySignedTurn"/> up to <see cref="Latest"/>, by turnNum
    /// (per participant index). Used to complete checkpoints that arrive after newer states.
    /// </summary>
    public ImmutableDictionary<ulong, ImmutableArray<Signature?>> TailSignatures { get; init; } = ImmutableDictionary<ulong, ImmutableArray<Signature?>>.Empty;

    /// <summary>The digests of recent states by turnNum (at most the replay window), to tell replays from conflicts.</summary>
    public ImmutableDictionary<ulong, Bytes32> RecentHashes { get; init; } = ImmutableDictionary<ulong, Bytes32>.Empty;

    /// <summary>The highest turnNum each participant acknowledged as durably stored (−1 for none), by index.</summary>
    public required ImmutableArray<long> AckedTurn { get; init; }

    /// <summary>When this node began waiting for acknowledgements of a state it signed, or null.</summary>
    public DateTimeOffset? AwaitingAckSince { get; init; }

    /// <summary>When this node began waiting for signatures on an agreed state, or null.</summary>
    public DateTimeOffset? AwaitingAgreementSince { get; init; }

    /// <summary>When the current turn of another participant began, or null when it is this node's turn or the state is final.</summary>
    public DateTimeOffset? AwaitingMoveSince { get; init; }

    /// <summary>Which escalations were raised for the current waits (so each is raised once).</summary>
    public EscalationFlags Escalated { get; init; }

    /// <summary>The channel id.</summary>
    public Bytes32 ChannelId => FixedPart.ChannelId;

    /// <summary>The number of participants.</summary>
    public int ParticipantCount => FixedPart.ParticipantCount;

    /// <summary>This node's address.</summary>
    public Address MyAddress => FixedPart.Participants[MyIndex];

    /// <summary>The turnNum of the last logged state (the pending agreed state if any, else the latest).</summary>
    public ulong LogEnd => Pending?.TurnNum ?? Latest.TurnNum;

    /// <summary>
    /// How many of this node's own states are not yet acknowledged by every other participant: the engine's
    /// back-pressure measure (0 when this node has signed nothing yet).
    /// </summary>
    public long UnacknowledgedCount
    {
        get
        {
            if (HighestSignedTurn < 0)
            {
                return 0;
            }
            var least = long.MaxValue;
            for (var i = 0; i < AckedTurn.Length; i++)
            {
                if (i != MyIndex)
                {
                    least = Math.Min(least, AckedTurn[i]);
                }
            }
            return least == long.MaxValue ? 0 : Math.Max(0, HighestSignedTurn - least);
        }
    }

    /// <summary>The index of the participant who may act on <see cref="Latest"/>, or −1 if it is final or not running.</summary>
    public int NextMover
    {
        get
        {
            if (Phase != ChannelPhase.Running || Latest.IsFinal || Pending is not null)
            {
                return -1;
            }
            try
            {
                return App.NextMover(Latest.AppData, Latest.TurnNum);
            }
            catch (ActionRejectedException)
            {
                return -1;
            }
        }
    }
}

/// <summary>Escalations already raised for the current waits.</summary>
[Flags]
public enum EscalationFlags
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary><see cref="Observers.EscalationKind.NoAcknowledgement"/> raised.</summary>
    Acknowledgement = 1,

    /// <summary><see cref="Observers.EscalationKind.NoAgreement"/> raised.</summary>
    Agreement = 2,

    /// <summary><see cref="Observers.EscalationKind.NoMove"/> raised.</summary>
    Move = 4,
}

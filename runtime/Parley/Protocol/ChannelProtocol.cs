using System.Collections.Immutable;
using Parley.Channels;
using Parley.Crypto;
using Parley.Observers;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

/// <summary>
/// The channel protocol as pure functions (go-nitro's functional core): each entry point takes a channel's
/// <see cref="ChannelState"/> and one event — a local request, a message from a peer, a peer connecting, the passing
/// of time — and returns a <see cref="Step"/>: the new state and the side effects (records to persist, messages to
/// send, history to resend, events to publish). No I/O, no clock: the time is an argument.
/// </summary>
/// <remarks>
/// <para>Open: a participant proposes the fixed part and the pre-fund state (turnNum 0) signed; every other
/// participant countersigns; the channel runs once all have signed. Update: the participant allowed to move
/// (<see cref="IStateMachineDefinition.NextMover"/>) applies an action through the reducer and signs the new state
/// alone; the others re-run the reducer and accept (DESIGN.md, "Support": a state signed by all followed by
/// mover-signed valid actions). Checkpoint: receivers countersign every <see cref="ProtocolOptions.CheckpointInterval"/>
/// turns and every final state, so support proofs stay short. Conclude: a final state signed by all.</para>
/// <para>Every received update goes through the validation pipeline of docs/runtime.md, each check with its own
/// <see cref="RejectionReason"/>: well-formed; right channel and phase; signature valid, low-s, by a participant;
/// turnNum exactly the next (else replay, repeated, stale or skipped); state not final; signer is the mover; builds on
/// the held state; claimed outcome conserves every asset; the reducer re-run gives exactly the claimed appData,
/// outcome and isFinal.</para>
/// </remarks>
public static partial class ChannelProtocol
{
    /// <summary>Dispatches a message from an authenticated peer about a known channel.</summary>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="state">The channel's state.</param>
    /// <param name="from">The authenticated peer the message came from.</param>
    /// <param name="message">The message (its channel id must be <paramref name="state"/>'s).</param>
    /// <param name="now">The current time.</param>
    /// <exception cref="ArgumentException">The message is for another channel (the engine routes by id).</exception>
    public static Step Receive(ProtocolContext context, ChannelState state, Address from, ChannelMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        if (message.ChannelId != state.ChannelId)
        {
            throw new ArgumentException($"Message for channel {message.ChannelId} given to channel {state.ChannelId}.", nameof(message));
        }
        if (state.FixedPart.IndexOf(from) < 0)
        {
            return new StepBuilder(state.ChannelId, now).Refuse(state, from, TurnOf(message),
                new Rejection(RejectionReason.NotAParticipant, $"The sender {from} is not a participant of channel {state.ChannelId}."));
        }
        return message switch
        {
            UpdateMessage update => ReceiveUpdate(context, state, from, update, now),
            CountersignMessage countersign => ReceiveCountersign(context, state, from, countersign, now),
            ConcludeMessage conclude => ReceiveConclude(context, state, from, conclude, now),
            AckMessage ack => ReceiveAck(context, state, from, ack, now),
            SyncMessage sync => ReceiveSync(state, from, sync, now),
            RejectMessage reject => ReceiveReject(state, from, reject, now),
            ProposeMessage propose => ReceiveRepeatedProposal(context, state, from, propose, now),
            _ => throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>
    /// A message about a channel this node does not know (other than a proposal): refused as
    /// <see cref="RejectionReason.UnknownChannel"/>, and answered with a SYNC saying so, so that a participant who
    /// knows the channel resends its proposal (this node may have missed it, or crashed before storing it).
    /// </summary>
    public static Step ReceiveForUnknownChannel(Address from, ChannelMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var builder = new StepBuilder(message.ChannelId, now);
        if (message is SyncMessage { Known: false } or RejectMessage)
        {
            // Neither side knows it, or a refusal about it: nothing to say.
            return builder.Refuse(null, null, 0, new Rejection(RejectionReason.UnknownChannel, $"Channel {message.ChannelId} is not known here."));
        }
        builder.Send(from, new SyncMessage(message.ChannelId, Known: false, 0, 0));
        return builder.Refuse(null, from, TurnOf(message), new Rejection(RejectionReason.UnknownChannel, $"Channel {message.ChannelId} is not known here."));
    }

    private static ulong TurnOf(ChannelMessage message) => message switch
    {
        UpdateMessage m => m.TurnNum,
        CountersignMessage m => m.TurnNum,
        ConcludeMessage m => m.TurnNum,
        AckMessage m => m.TurnNum,
        RejectMessage m => m.TurnNum,
        SyncMessage m => m.LatestTurnNum,
        _ => 0,
    };

    // ----- shared helpers -----

    private static ChannelState AddRecent(ChannelState state, ulong turnNum, Bytes32 hash, int window)
    {
        var recent = state.RecentHashes.SetItem(turnNum, hash);
        if (turnNum >= (ulong)window)
        {
            recent = recent.Remove(turnNum - (ulong)window);
        }
        return state with { RecentHashes = recent };
    }

    /// <summary>Records a new latest state (produced by an action): log entry, head, snapshot, waits.</summary>
    private static ChannelState AdvanceLatest(ProtocolContext context, ChannelState state, LoggedState next, StepBuilder builder)
    {
        var updated = AddRecent(state, next.TurnNum, next.Hash, context.Options.ReplayWindow) with
        {
            Latest = next,
            TailSignatures = state.TailSignatures.SetItem(next.TurnNum, next.Signatures),
        };
        updated = WithMoveWait(context, updated, builder.Now);
        builder.Persist.Append(next.ToLogEntry());
        if (next.TurnNum % (ulong)context.Options.SnapshotInterval == 0)
        {
            builder.Persist.AddSnapshot(new ChannelSnapshot(next.TurnNum, next.Hash, next.IsFinal, next.AppData, next.Outcome.Encode()));
        }
        return updated;
    }

    private static ChannelState WithMoveWait(ProtocolContext context, ChannelState state, DateTimeOffset now)
    {
        var mover = state.NextMover;
        var waiting = context.Options.TurnTimeout is not null && mover >= 0 && mover != state.MyIndex;
        return state with
        {
            AwaitingMoveSince = waiting ? now : null,
            Escalated = state.Escalated & ~EscalationFlags.Move,
        };
    }

    /// <summary>
    /// Applies what follows from turnNum <paramref name="turnNum"/> being signed by every participant: checkpoint,
    /// channel opened, or channel concluded.
    /// </summary>
    private static ChannelState OnFullySigned(ProtocolContext context, ChannelState state, ulong turnNum, StepBuilder builder)
    {
        if (state.Pending is { } pending && pending.TurnNum == turnNum)
        {
            // The conclude proposal is signed by all: it becomes the latest state and the channel is concluded.
            state = AddRecent(state, pending.TurnNum, pending.Hash, context.Options.ReplayWindow) with
            {
                Latest = pending,
                Pending = null,
                LatestFullySignedTurn = turnNum,
                TailSignatures = ImmutableDictionary<ulong, ImmutableArray<Signature?>>.Empty,
                Phase = pending.IsFinal ? ChannelPhase.Concluded : state.Phase,
                AwaitingAgreementSince = null,
                AwaitingMoveSince = null,
                Escalated = EscalationFlags.None,
            };
            builder.Publish(new StateFullySignedEvent(builder.Now, state.ChannelId, turnNum));
            if (pending.IsFinal)
            {
                builder.Publish(new ChannelConcludedEvent(builder.Now, state.ChannelId, turnNum, pending.Outcome));
            }
            return state;
        }
        if (turnNum < state.LatestFullySignedTurn || (turnNum == state.LatestFullySignedTurn && state.Phase != ChannelPhase.Proposed))
        {
            return state;
        }
        state = state with
        {
            LatestFullySignedTurn = turnNum,
            TailSignatures = state.TailSignatures.RemoveRange(state.TailSignatures.Keys.Where(t => t <= turnNum)),
        };
        if (state.Phase == ChannelPhase.Proposed && turnNum == 0)
        {
            state = WithMoveWait(context, state with { Phase = ChannelPhase.Running, AwaitingAgreementSince = null, Escalated = EscalationFlags.None }, builder.Now);
            builder.Publish(new ChannelOpenedEvent(builder.Now, state.ChannelId));
            return state;
        }
        builder.Publish(new StateFullySignedEvent(builder.Now, state.ChannelId, turnNum));
        if (turnNum == state.Latest.TurnNum && state.Latest.IsFinal)
        {
            state = state with { Phase = ChannelPhase.Concluded, AwaitingMoveSince = null, AwaitingAckSince = null, Escalated = EscalationFlags.None };
            builder.Publish(new ChannelConcludedEvent(builder.Now, state.ChannelId, turnNum, state.Latest.Outcome));
        }
        return state;
    }

    /// <summary>Signs <paramref name="hash"/> at <paramref name="turnNum"/> if the never-sign-twice mirror allows it.</summary>
    private static Signature? TrySign(ProtocolContext context, ChannelState state, ulong turnNum, Bytes32 hash, StepBuilder builder, out ChannelState signed)
    {
        signed = state;
        if ((long)turnNum <= state.HighestSignedTurn)
        {
            return null;
        }
        var signature = context.Key.Sign(hash);
        builder.Persist.AddOwnSignature(new StoredSignature(turnNum, state.MyIndex, signature));
        signed = state with { HighestSignedTurn = (long)turnNum };
        return signature;
    }

    private static void PersistHead(ChannelState state, StepBuilder builder) =>
        builder.Persist.SetLatest(new LatestState(state.Phase, state.Latest.TurnNum, state.Latest.Hash, state.Latest.IsFinal,
            state.Latest.AppData, state.Latest.Outcome.Encode(), state.LatestFullySignedTurn));

    private static ImmutableArray<Signature?> NoSignatures(int count) => ImmutableArray.Create(new Signature?[count]);

    private static StateChangedEvent Changed(ChannelState state, int mover, DateTimeOffset now) =>
        new(now, state.ChannelId, state.Latest.TurnNum, mover, state.Latest.Action, state.Latest.AppData, state.Latest.Outcome,
            state.Latest.IsFinal, state.NextMover);

    /// <summary>Checks a state's shape against the channel: one balance per participant, appData of the machine's size.</summary>
    private static Rejection? CheckShape(FixedPart fixedPart, IStateMachineDefinition app, byte[] appData, Outcome outcome)
    {
        if (!outcome.HasParticipantCount(fixedPart.ParticipantCount))
        {
            return new Rejection(RejectionReason.Malformed,
                $"The outcome does not have exactly {fixedPart.ParticipantCount} balances (one per participant) for every asset.");
        }
        if (appData.Length != app.AppDataLength)
        {
            return new Rejection(RejectionReason.Malformed, $"appData has {appData.Length} bytes; {app.Id} states have {app.AppDataLength}.");
        }
        return null;
    }
}

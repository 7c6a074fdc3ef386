using Parley.Observers;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// This node makes a move: applies <paramref name="action"/> to the latest state through the reducer, signs the
    /// new state (turnNum + 1), stores it and sends it to every other participant.
    /// </summary>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="state">The channel's state.</param>
    /// <param name="action">The action's calldata (4-byte selector ‖ ABI-encoded arguments).</param>
    /// <param name="now">The current time.</param>
    /// <returns>
    /// The step; refused with <see cref="RejectionReason.ChannelNotRunning"/>, <see cref="RejectionReason.StateIsFinal"/>,
    /// <see cref="RejectionReason.NotYourTurn"/>, <see cref="RejectionReason.AlreadySigned"/> or
    /// <see cref="RejectionReason.ActionRejected"/> (with the rule's reason).
    /// </returns>
    public static Step Act(ProtocolContext context, ChannelState state, byte[] action, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(action);
        var builder = new StepBuilder(state.ChannelId, now);
        var latest = state.Latest;
        var turnNum = latest.TurnNum + 1;
        if (state.Phase != ChannelPhase.Running)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}."));
        }
        if (latest.IsFinal)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.StateIsFinal, $"The state at turnNum {latest.TurnNum} is final."));
        }
        if (state.Pending is not null)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.NotYourTurn, "A conclude proposal is pending."));
        }
        int mover;
        try
        {
            mover = state.App.NextMover(latest.AppData, latest.TurnNum);
        }
        catch (ActionRejectedException e)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.ActionRejected, e.Reason));
        }
        if (mover != state.MyIndex)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.NotYourTurn,
                $"Participant {mover} moves on turnNum {latest.TurnNum}; this node is participant {state.MyIndex}."));
        }
        if ((long)turnNum <= state.HighestSignedTurn)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.AlreadySigned,
                $"This node already signed up to turnNum {state.HighestSignedTurn}."));
        }
        StateTransition next;
        bool isFinal;
        try
        {
            next = state.App.Reduce(latest.AppData, latest.Outcome, action, mover);
            isFinal = state.App.IsFinal(next.AppData);
        }
        catch (ActionRejectedException e)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.ActionRejected, e.Reason));
        }
        if (!latest.Outcome.ConservesTotals(next.Outcome, out var violation))
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.ConservationViolated, $"The reducer's outcome breaks conservation: {violation}."));
        }
        var hash = LoggedState.Digest(state.FixedPart, turnNum, isFinal, next.AppData, next.Outcome);
        var signature = TrySign(context, state, turnNum, hash, builder, out state)!.Value;
        var signed = new LoggedState(turnNum, isFinal, next.AppData, next.Outcome, hash, LogEntryKind.Action, action, latest.Hash,
            NoSignatures(state.ParticipantCount).SetItem(state.MyIndex, signature));
        state = AdvanceLatest(context, state, signed, builder);
        state = state with { AwaitingAckSince = state.AwaitingAckSince ?? now };
        if (signed.IsFullySigned)
        {
            state = OnFullySigned(context, state, turnNum, builder);
        }
        PersistHead(state, builder);
        builder.SendToOthers(state, new UpdateMessage(state.ChannelId, turnNum, isFinal, latest.Hash, action, next.AppData, next.Outcome, signature.ToBytes()));
        builder.Publish(Changed(state, mover, now));
        return builder.Done(state);
    }

    /// <summary>The validation pipeline for a received update (docs/runtime.md, "Validation"), then acceptance.</summary>
    private static Step ReceiveUpdate(ProtocolContext context, ChannelState state, Address from, UpdateMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        var turnNum = message.TurnNum;
        Step Refuse(RejectionReason reason, string detail) => builder.Refuse(state, from, turnNum, new Rejection(reason, detail));

        // 1. Well formed (the codec checked the encoding; here the shape against the channel).
        if (CheckShape(state.FixedPart, state.App, message.AppData, message.Outcome) is { } shape)
        {
            return builder.Refuse(state, from, turnNum, shape);
        }
        // 2. Right channel (the engine routed by id), in a phase that takes updates.
        var hash = LoggedState.Digest(state.FixedPart, turnNum, message.IsFinal, message.AppData, message.Outcome);
        if (state.Phase == ChannelPhase.Concluded && turnNum <= state.Latest.TurnNum)
        {
            return ClassifyOld(context, state, builder, from, turnNum, hash);
        }
        if (state.Phase != ChannelPhase.Running)
        {
            return Refuse(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}; it takes no updates.");
        }
        // 3. Signature valid, low s, by a participant.
        if (SignatureCheck.Verify(state.FixedPart, message.Signature, hash, out var signer, out var signature) is { } bad)
        {
            return builder.Refuse(state, from, turnNum, bad);
        }
        // 4. turnNum exactly the next: otherwise a replay, a repeated or stale turnNum, or a gap.
        var latest = state.Latest;
        if (turnNum <= latest.TurnNum || (state.Pending is { } pending && turnNum == pending.TurnNum))
        {
            return ClassifyOld(context, state, builder, from, turnNum, hash);
        }
        if (turnNum > latest.TurnNum + 1)
        {
            builder.Send(from, SyncOf(state));
            return Refuse(RejectionReason.TurnNumSkipped, $"turnNum {turnNum} skips ahead: this node holds turnNum {latest.TurnNum} (a SYNC asks for the gap).");
        }
        // 5. The held state must not be final.
        if (latest.IsFinal)
        {
            return Refuse(RejectionReason.StateIsFinal, $"The state at turnNum {latest.TurnNum} is final: no action is valid.");
        }
        // 6. The signer is the participant allowed to move.
        int mover;
        try
        {
            mover = state.App.NextMover(latest.AppData, latest.TurnNum);
        }
        catch (ActionRejectedException e)
        {
            return Refuse(RejectionReason.ActionRejected, $"nextMover failed on the held state: {e.Reason}.");
        }
        if (signer != mover)
        {
            return Refuse(RejectionReason.WrongMover, $"Signed by participant {signer}; participant {mover} moves on turnNum {latest.TurnNum}.");
        }
        // 7. It builds on the state this node holds.
        if (message.ParentHash != latest.Hash)
        {
            return Refuse(RejectionReason.NotBuiltOnHeldState, $"Parent {message.ParentHash} is not the held state {latest.Hash} at turnNum {latest.TurnNum}.");
        }
        // 8. The claimed outcome conserves every asset.
        if (!latest.Outcome.ConservesTotals(message.Outcome, out var violation))
        {
            return Refuse(RejectionReason.ConservationViolated, violation);
        }
        // 9. Re-running the reducer gives exactly the claimed result.
        StateTransition next;
        bool isFinal;
        try
        {
            next = state.App.Reduce(latest.AppData, latest.Outcome, message.Action, mover);
            isFinal = state.App.IsFinal(next.AppData);
        }
        catch (ActionRejectedException e)
        {
            return Refuse(RejectionReason.ActionRejected, $"{e.Kind}: {e.Reason}");
        }
        if (!next.AppData.AsSpan().SequenceEqual(message.AppData))
        {
            return Refuse(RejectionReason.ResultMismatch, "The reducer's appData differs from the claimed appData.");
        }
        if (next.Outcome != message.Outcome)
        {
            return Refuse(RejectionReason.ResultMismatch, $"The reducer's outcome {next.Outcome} differs from the claimed {message.Outcome}.");
        }
        if (isFinal != message.IsFinal)
        {
            return Refuse(RejectionReason.ResultMismatch, $"The state's isFinal is {isFinal}; the update claims {message.IsFinal}.");
        }

        // Accepted: store the state and the mover's signature, acknowledge, checkpoint if due.
        var signed = new LoggedState(turnNum, isFinal, next.AppData, next.Outcome, hash, LogEntryKind.Action, message.Action, latest.Hash,
            NoSignatures(state.ParticipantCount).SetItem(signer, signature));
        builder.Persist.AddSignature(new StoredSignature(turnNum, signer, signature));
        state = AdvanceLatest(context, state, signed, builder);
        state = RecordAck(state, signer, turnNum);
        var checkpoint = isFinal || (context.Options.CheckpointInterval > 0 && turnNum - state.LatestFullySignedTurn >= (ulong)context.Options.CheckpointInterval);
        if (checkpoint && TrySign(context, state, turnNum, hash, builder, out state) is { } mine)
        {
            signed = signed.WithSignature(state.MyIndex, mine);
            state = state with { Latest = signed, TailSignatures = state.TailSignatures.SetItem(turnNum, signed.Signatures) };
            builder.SendToOthers(state, new CountersignMessage(state.ChannelId, turnNum, hash, mine.ToBytes()));
        }
        if (signed.IsFullySigned)
        {
            state = OnFullySigned(context, state, turnNum, builder);
        }
        PersistHead(state, builder);
        builder.SendToOthers(state, new AckMessage(state.ChannelId, turnNum));
        builder.Publish(Changed(state, mover, now));
        return builder.Done(state);
    }

    /// <summary>An update or conclude at a turnNum this node already holds: a replay, a conflict, or too old to tell.</summary>
    private static Step ClassifyOld(ProtocolContext context, ChannelState state, StepBuilder builder, Address from, ulong turnNum, Bytes32 hash)
    {
        if (state.Pending is { } pending && turnNum == pending.TurnNum)
        {
            return pending.Hash == hash
                ? builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.Replay, $"The state at turnNum {turnNum} is already held."))
                : builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.TurnNumRepeated,
                    $"turnNum {turnNum} is already taken by the pending state {pending.Hash}; this is a different state {hash}."));
        }
        if (state.RecentHashes.TryGetValue(turnNum, out var held))
        {
            return held == hash
                ? builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.Replay, $"The state at turnNum {turnNum} is already held."))
                : builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.TurnNumRepeated,
                    $"turnNum {turnNum} is already taken by state {held}; this is a different state {hash}."));
        }
        return builder.Refuse(state, from, turnNum, new Rejection(RejectionReason.StaleTurnNum,
            $"turnNum {turnNum} is older than the last {context.Options.ReplayWindow} states this node compares against (latest {state.Latest.TurnNum})."));
    }

    private static ChannelState RecordAck(ChannelState state, int participant, ulong turnNum)
    {
        if (participant == state.MyIndex || state.AckedTurn[participant] >= (long)turnNum)
        {
            return state;
        }
        state = state with { AckedTurn = state.AckedTurn.SetItem(participant, (long)turnNum) };
        if (state.AwaitingAckSince is not null && state.UnacknowledgedCount == 0)
        {
            state = state with { AwaitingAckSince = null, Escalated = state.Escalated & ~EscalationFlags.Acknowledgement };
        }
        return state;
    }

    private static Step ReceiveAck(ProtocolContext context, ChannelState state, Address from, AckMessage message, DateTimeOffset now)
    {
        _ = context;
        var builder = new StepBuilder(state.ChannelId, now);
        var participant = state.FixedPart.IndexOf(from);
        if (message.TurnNum > state.LogEnd)
        {
            return builder.Refuse(state, from, message.TurnNum, new Rejection(RejectionReason.UnknownState,
                $"Acknowledgement of turnNum {message.TurnNum}; this node's log ends at {state.LogEnd}."));
        }
        return builder.Done(RecordAck(state, participant, message.TurnNum));
    }

    private static Step ReceiveReject(ChannelState state, Address from, RejectMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        builder.Publish(new PeerRejectedEvent(now, state.ChannelId, from, message.TurnNum, message.Reason, message.Detail));
        return builder.Done(state);
    }

    /// <summary>The SYNC describing where this node stands in a channel.</summary>
    public static SyncMessage SyncOf(ChannelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new SyncMessage(state.ChannelId, Known: true, state.LogEnd, state.LatestFullySignedTurn);
    }
}

using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// Proposes to conclude: signs the state at turnNum + 1 that repeats the latest state's appData and outcome with
    /// <c>isFinal = true</c>, stores it as pending and sends it to every other participant. Only the participant whose
    /// turn it is may propose (it gives up its move); once every participant has signed, the channel is concluded.
    /// </summary>
    /// <returns>The step; refused with <see cref="RejectionReason.ChannelNotRunning"/>, <see cref="RejectionReason.StateIsFinal"/>
    /// (a final state concludes by countersigning, not by proposal), <see cref="RejectionReason.NotYourTurn"/> or
    /// <see cref="RejectionReason.AlreadySigned"/>.</returns>
    public static Step Conclude(ProtocolContext context, ChannelState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var builder = new StepBuilder(state.ChannelId, now);
        var latest = state.Latest;
        var turnNum = latest.TurnNum + 1;
        if (state.Phase != ChannelPhase.Running)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}."));
        }
        if (latest.IsFinal)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.StateIsFinal,
                $"The state at turnNum {latest.TurnNum} is already final; it concludes once every participant countersigns it."));
        }
        if (state.Pending is not null || state.NextMover != state.MyIndex)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.NotYourTurn,
                $"Only the participant whose turn it is ({state.NextMover}) may propose to conclude."));
        }
        if ((long)turnNum <= state.HighestSignedTurn)
        {
            return builder.Refuse(state, null, turnNum, new Rejection(RejectionReason.AlreadySigned, $"This node already signed up to turnNum {state.HighestSignedTurn}."));
        }
        var hash = LoggedState.Digest(state.FixedPart, turnNum, true, latest.AppData, latest.Outcome);
        var signature = TrySign(context, state, turnNum, hash, builder, out state)!.Value;
        var final = new LoggedState(turnNum, true, latest.AppData, latest.Outcome, hash, LogEntryKind.Agreed, [], latest.Hash,
            NoSignatures(state.ParticipantCount).SetItem(state.MyIndex, signature));
        builder.Persist.Append(final.ToLogEntry());
        state = state with { Pending = final, AwaitingAgreementSince = now, AwaitingMoveSince = null, Escalated = EscalationFlags.None };
        if (final.IsFullySigned)
        {
            state = OnFullySigned(context, state, turnNum, builder);
            PersistHead(state, builder);
        }
        builder.SendToOthers(state, new ConcludeMessage(state.ChannelId, turnNum, latest.Hash, signature.ToBytes()));
        return builder.Done(state);
    }

    private static Step ReceiveConclude(ProtocolContext context, ChannelState state, Address from, ConcludeMessage message, DateTimeOffset now)
    {
        var builder = new StepBuilder(state.ChannelId, now);
        var turnNum = message.TurnNum;
        Step Refuse(RejectionReason reason, string detail) => builder.Refuse(state, from, turnNum, new Rejection(reason, detail));
        var latest = state.Latest;
        // The final state the proposal describes, if it builds on the held latest state.
        var hash = LoggedState.Digest(state.FixedPart, turnNum, true, latest.AppData, latest.Outcome);
        if (state.Phase == ChannelPhase.Concluded && turnNum <= latest.TurnNum)
        {
            return ClassifyOld(context, state, builder, from, turnNum, hash);
        }
        if (state.Phase != ChannelPhase.Running)
        {
            return Refuse(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}.");
        }
        if (SignatureCheck.Verify(state.FixedPart, message.Signature, hash, out var signer, out var signature) is { } bad)
        {
            if (turnNum == latest.TurnNum + 1 && message.ParentHash == latest.Hash)
            {
                return builder.Refuse(state, from, turnNum, bad);
            }
            // Signed over another state: it cannot be checked against what this node holds.
        }
        if (turnNum <= latest.TurnNum || (state.Pending is not null && turnNum == state.Pending.TurnNum && state.Pending.Hash != hash))
        {
            return ClassifyOld(context, state, builder, from, turnNum, hash);
        }
        if (turnNum > latest.TurnNum + 1)
        {
            builder.Send(from, SyncOf(state));
            return Refuse(RejectionReason.TurnNumSkipped, $"turnNum {turnNum} skips ahead: this node holds turnNum {latest.TurnNum}.");
        }
        if (message.ParentHash != latest.Hash)
        {
            return Refuse(RejectionReason.NotBuiltOnHeldState, $"Parent {message.ParentHash} is not the held state {latest.Hash} at turnNum {latest.TurnNum}.");
        }
        if (signer < 0)
        {
            return Refuse(RejectionReason.InvalidSignature, "The conclude signature does not verify.");
        }
        if (latest.IsFinal)
        {
            return Refuse(RejectionReason.StateIsFinal, $"The state at turnNum {latest.TurnNum} is already final.");
        }
        if (state.Pending is { } pending)
        {
            // The same proposal again, or another participant's signature relayed in PROPOSE form.
            return ReceiveCountersign(context, state, from, new CountersignMessage(state.ChannelId, turnNum, pending.Hash, message.Signature), now);
        }
        var mover = state.NextMover;
        if (signer != mover)
        {
            return Refuse(RejectionReason.WrongMover, $"Proposed by participant {signer}; only participant {mover}, whose turn it is, may propose to conclude.");
        }
        var final = new LoggedState(turnNum, true, latest.AppData, latest.Outcome, hash, LogEntryKind.Agreed, [], latest.Hash,
            NoSignatures(state.ParticipantCount).SetItem(signer, signature));
        builder.Persist.Append(final.ToLogEntry());
        builder.Persist.AddSignature(new StoredSignature(turnNum, signer, signature));
        state = RecordAck(state, signer, turnNum) with { Pending = final, AwaitingAgreementSince = now, AwaitingMoveSince = null, Escalated = EscalationFlags.None };
        if (context.Options.AutoAcceptConclude && TrySign(context, state, turnNum, hash, builder, out state) is { } mine)
        {
            final = final.WithSignature(state.MyIndex, mine);
            state = state with { Pending = final };
            builder.SendToOthers(state, new CountersignMessage(state.ChannelId, turnNum, hash, mine.ToBytes()));
        }
        if (final.IsFullySigned)
        {
            state = OnFullySigned(context, state, turnNum, builder);
            PersistHead(state, builder);
        }
        builder.SendToOthers(state, new AckMessage(state.ChannelId, turnNum));
        return builder.Done(state);
    }
}

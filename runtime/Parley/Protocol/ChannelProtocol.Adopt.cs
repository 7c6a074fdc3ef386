using Parley.Channels;
using Parley.Crypto;
using Parley.Observers;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// Adopts a move another participant made only on chain (an adjudicator <c>Progressed</c> event: the mover answered a
    /// challenge with <c>progress</c> and never sent the move off chain): re-runs the reducer on <paramref name="before"/>
    /// (which must be a state this node holds), checks that the resulting state (turnNum + 1) is signed by participant
    /// <paramref name="moverIndex"/> and that it is that participant's turn, and stores it as a mover-signed log entry
    /// that becomes the channel's latest state — exactly as if the update had arrived off chain (docs/runtime.md,
    /// "Adopting a move made on chain"). This node signs nothing: its own signatures and the never-sign-twice rule are
    /// untouched.
    /// </summary>
    /// <remarks>
    /// <para>The checks, in order, each with its own reason (nothing is stored on a refusal):
    /// <see cref="RejectionReason.ChannelNotRunning"/>; <see cref="RejectionReason.NotAParticipant"/> (a mover index
    /// outside the participants); <see cref="RejectionReason.Malformed"/> (<paramref name="before"/> has the wrong shape,
    /// or its turnNum is the last a <c>uint48</c> holds); <see cref="RejectionReason.TurnNumSkipped"/> (it is newer than
    /// this node's latest state: adopt the moves in chain order); <see cref="RejectionReason.StaleTurnNum"/> (older than
    /// the replay window); <see cref="RejectionReason.NotBuiltOnHeldState"/> (not the state this node holds at that
    /// turnNum); <see cref="RejectionReason.StateIsFinal"/>; <see cref="RejectionReason.WrongMover"/> (it is not
    /// <paramref name="moverIndex"/>'s turn on <paramref name="before"/>, or the signature is another participant's);
    /// <see cref="RejectionReason.ActionRejected"/> and <see cref="RejectionReason.ConservationViolated"/> (the reducer);
    /// <see cref="RejectionReason.InvalidSignature"/>, <see cref="RejectionReason.HighS"/> and
    /// <see cref="RejectionReason.NotAParticipant"/> (the signature on the resulting EIP-712 digest).</para>
    /// <para>When this node already holds a state at turnNum + 1: the same state (its digest) is accepted and changes
    /// nothing (<see cref="Step.Persist"/> null); a different one is a fork — the mover signed two states with that
    /// turnNum — and is refused with <see cref="RejectionReason.TurnNumRepeated"/>, this node keeps its own, and the step
    /// carries an <see cref="OnChainForkEvent"/>.</para>
    /// <para>Accepted: the log entry, the mover's signature and the new head are persisted, an acknowledgement is sent to
    /// the other participants, and <see cref="OnChainMoveAdoptedEvent"/> and <see cref="StateChangedEvent"/> are
    /// published. Should the signature be this node's own (a state signed before a store was lost), it is recorded
    /// through the signing guard, so this node never signs another state at that turnNum.</para>
    /// </remarks>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="state">The channel's state.</param>
    /// <param name="before">The state the move applies to (the registered state before the <c>progress</c>).</param>
    /// <param name="moverIndex">The mover's participant index, as the <c>Progressed</c> event names it.</param>
    /// <param name="move">The action (calldata: 4-byte selector ‖ ABI-encoded arguments) and the mover's 65-byte
    /// signature on the resulting state.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The step (see remarks).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Step AdoptOnChainMove(ProtocolContext context, ChannelState state, VariablePart before, int moverIndex, Move move, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(move);
        var builder = new StepBuilder(state.ChannelId, now);
        var turn = before.TurnNum;
        var next = turn + 1;
        Step Refuse(RejectionReason reason, string detail, ChannelEvent? report = null) =>
            builder.Refuse(state, null, next, new Rejection(reason, detail), report);

        if (state.Phase != ChannelPhase.Running)
        {
            return Refuse(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}.");
        }
        if (moverIndex < 0 || moverIndex >= state.ParticipantCount)
        {
            return Refuse(RejectionReason.NotAParticipant, $"Mover index {moverIndex} is not a participant index (0..{state.ParticipantCount - 1}).");
        }
        if (turn >= ParleyState.MaxTurnNum)
        {
            return Refuse(RejectionReason.Malformed, $"turnNum {turn} is the last a uint48 holds: no move follows it.");
        }
        if (CheckShape(state.FixedPart, state.App, before.AppData.ToArray(), before.Outcome) is { } shape)
        {
            return builder.Refuse(state, null, next, shape);
        }

        // The move must build on a state this node holds.
        var latest = state.Latest;
        if (turn > latest.TurnNum)
        {
            return Refuse(RejectionReason.TurnNumSkipped,
                $"The move builds on turnNum {turn}; this node holds up to turnNum {latest.TurnNum} (adopt the moves on chain in order).");
        }
        Bytes32 held;
        if (turn == latest.TurnNum)
        {
            held = latest.Hash;
        }
        else if (!state.RecentHashes.TryGetValue(turn, out held))
        {
            return Refuse(RejectionReason.StaleTurnNum,
                $"turnNum {turn} is older than the last {context.Options.ReplayWindow} states this node compares against (latest {latest.TurnNum}).");
        }
        var beforeHash = LoggedState.Digest(state.FixedPart, turn, before.IsFinal, before.AppData.AsSpan(), before.Outcome);
        if (beforeHash != held)
        {
            return Refuse(RejectionReason.NotBuiltOnHeldState, $"The state the move builds on ({beforeHash}) is not the state this node holds at turnNum {turn} ({held}).");
        }
        if (before.IsFinal)
        {
            return Refuse(RejectionReason.StateIsFinal, $"The state at turnNum {turn} is final: no action is valid.");
        }

        // Its mover's turn, the reducer's result, the mover's signature on it.
        StateTransition result;
        bool isFinal;
        try
        {
            var mover = state.App.NextMover(before.AppData.AsSpan(), turn);
            if (mover != moverIndex)
            {
                return Refuse(RejectionReason.WrongMover, $"The move names participant {moverIndex}; participant {mover} moves on turnNum {turn}.");
            }
            result = state.App.Reduce(before.AppData.AsSpan(), before.Outcome, move.Action.AsSpan(), mover);
            isFinal = state.App.IsFinal(result.AppData);
        }
        catch (ActionRejectedException e)
        {
            return Refuse(RejectionReason.ActionRejected, $"{e.Kind}: {e.Reason}");
        }
        if (!before.Outcome.ConservesTotals(result.Outcome, out var violation))
        {
            return Refuse(RejectionReason.ConservationViolated, $"The reducer's outcome breaks conservation: {violation}.");
        }
        var hash = LoggedState.Digest(state.FixedPart, next, isFinal, result.AppData, result.Outcome);
        if (SignatureCheck.Verify(state.FixedPart, move.Signature.ToBytes(), hash, out var signer, out var signature) is { } bad)
        {
            return builder.Refuse(state, null, next, bad);
        }
        if (signer != moverIndex)
        {
            return Refuse(RejectionReason.WrongMover, $"The state at turnNum {next} is signed by participant {signer}; the move names participant {moverIndex}.");
        }

        // A state this node already holds at that turnNum: the same (nothing to do) or a fork (keep ours, report).
        if (next <= state.LogEnd)
        {
            Bytes32 ours;
            if (state.Pending is { } pending && pending.TurnNum == next)
            {
                ours = pending.Hash;
            }
            else if (!state.RecentHashes.TryGetValue(next, out ours))
            {
                return Refuse(RejectionReason.StaleTurnNum,
                    $"turnNum {next} is older than the last {context.Options.ReplayWindow} states this node compares against (latest {latest.TurnNum}).");
            }
            return ours == hash
                ? builder.Done(state)
                : Refuse(RejectionReason.TurnNumRepeated,
                    $"Participant {signer} signed two states with turnNum {next}: this node holds {ours}, the chain has {hash}; this node keeps its own.",
                    new OnChainForkEvent(now, state.ChannelId, next, signer, ours, hash));
        }

        // Accepted: stored as if the update had arrived off chain, signed by its mover only.
        var adopted = new LoggedState(next, isFinal, result.AppData, result.Outcome, hash, LogEntryKind.Action, move.Action.ToArray(), latest.Hash,
            NoSignatures(state.ParticipantCount).SetItem(signer, signature));
        if (signer == state.MyIndex)
        {
            builder.Persist.AddOwnSignature(new StoredSignature(next, signer, signature));
            state = state with { HighestSignedTurn = Math.Max(state.HighestSignedTurn, (long)next) };
        }
        else
        {
            builder.Persist.AddSignature(new StoredSignature(next, signer, signature));
        }
        state = AdvanceLatest(context, state, adopted, builder);
        state = RecordAck(state, signer, next);
        PersistHead(state, builder);
        builder.SendToOthers(state, new AckMessage(state.ChannelId, next));
        builder.Publish(new OnChainMoveAdoptedEvent(now, state.ChannelId, next, signer));
        builder.Publish(Changed(state, signer, now));
        return builder.Done(state);
    }
}

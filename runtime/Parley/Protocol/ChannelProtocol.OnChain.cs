using Parley.Channels;
using Parley.StateMachines;

namespace Parley.Protocol;

public static partial class ChannelProtocol
{
    /// <summary>
    /// This node moves on the state registered on chain by a challenge, to answer it with <c>progress</c>: applies
    /// <paramref name="action"/> to <paramref name="registered"/> through the reducer and signs the result (turnNum + 1),
    /// exactly as an off-chain move (<see cref="Act"/>), so the channel's latest state becomes that turn and a later
    /// checkpoint or cooperative close builds on it.
    /// </summary>
    /// <remarks>
    /// <para>When <paramref name="registered"/> is the channel's latest state (same turnNum and EIP-712 digest) this is
    /// <see cref="Act"/>: the same refusals, the new state stored, signed and sent to the other participants.</para>
    /// <para>When it is an older state this node holds and this node has already signed turnNum + 1 (never sign
    /// twice): if the action gives that very state, the step is accepted and changes nothing (the caller reads the
    /// stored move); otherwise it is refused with <see cref="RejectionReason.AlreadySigned"/>. Nothing is ever signed
    /// on an older state.</para>
    /// </remarks>
    /// <param name="context">This node's key, network and options.</param>
    /// <param name="state">The channel's state.</param>
    /// <param name="registered">The state registered on chain (the adjudicator's <c>Challenged</c> or last <c>Progressed</c> state).</param>
    /// <param name="action">The action's calldata (4-byte selector ‖ ABI-encoded arguments).</param>
    /// <param name="now">The current time.</param>
    /// <returns>
    /// The step; refused as <see cref="Act"/> refuses (<see cref="RejectionReason.ChannelNotRunning"/>,
    /// <see cref="RejectionReason.StateIsFinal"/>, <see cref="RejectionReason.NotYourTurn"/>,
    /// <see cref="RejectionReason.AlreadySigned"/>, <see cref="RejectionReason.ActionRejected"/>,
    /// <see cref="RejectionReason.ConservationViolated"/>), with <see cref="RejectionReason.UnknownState"/> when this
    /// node does not hold <paramref name="registered"/> (a newer turn, or another state at its turn), and
    /// <see cref="RejectionReason.StaleTurnNum"/> when it is older than the replay window.
    /// </returns>
    public static Step MoveOnChain(ProtocolContext context, ChannelState state, VariablePart registered, byte[] action, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(action);
        var builder = new StepBuilder(state.ChannelId, now);
        var turn = registered.TurnNum;
        var next = turn + 1;
        Step Refuse(RejectionReason reason, string detail) => builder.Refuse(state, null, next, new Rejection(reason, detail));

        if (state.Phase != ChannelPhase.Running)
        {
            return Refuse(RejectionReason.ChannelNotRunning, $"The channel is {state.Phase}.");
        }
        var registeredHash = LoggedState.Digest(state.FixedPart, turn, registered.IsFinal, registered.AppData.AsSpan(), registered.Outcome);
        var latest = state.Latest;
        if (turn > latest.TurnNum)
        {
            return Refuse(RejectionReason.UnknownState,
                $"The registered state has turnNum {turn}; this node's latest is {latest.TurnNum} (it must catch up before moving on it).");
        }
        if (turn == latest.TurnNum)
        {
            return registeredHash == latest.Hash
                ? Act(context, state, action, now)
                : Refuse(RejectionReason.UnknownState, $"The registered state at turnNum {turn} is not the state this node holds at that turnNum.");
        }
        if (!state.RecentHashes.TryGetValue(turn, out var held))
        {
            return Refuse(RejectionReason.StaleTurnNum, $"The registered turnNum {turn} is older than the states this node keeps in memory (latest {latest.TurnNum}).");
        }
        if (held != registeredHash)
        {
            return Refuse(RejectionReason.UnknownState, $"The registered state at turnNum {turn} is not the state this node holds at that turnNum.");
        }
        if (registered.IsFinal)
        {
            return Refuse(RejectionReason.StateIsFinal, $"The registered state at turnNum {turn} is final.");
        }
        StateTransition result;
        bool isFinal;
        try
        {
            var mover = state.App.NextMover(registered.AppData.AsSpan(), turn);
            if (mover != state.MyIndex)
            {
                return Refuse(RejectionReason.NotYourTurn, $"Participant {mover} moves on turnNum {turn}; this node is participant {state.MyIndex}.");
            }
            result = state.App.Reduce(registered.AppData.AsSpan(), registered.Outcome, action, mover);
            isFinal = state.App.IsFinal(result.AppData);
        }
        catch (ActionRejectedException e)
        {
            return Refuse(RejectionReason.ActionRejected, e.Reason);
        }
        if (!registered.Outcome.ConservesTotals(result.Outcome, out var violation))
        {
            return Refuse(RejectionReason.ConservationViolated, $"The reducer's outcome breaks conservation: {violation}.");
        }
        var hash = LoggedState.Digest(state.FixedPart, next, isFinal, result.AppData, result.Outcome);
        if ((long)next <= state.HighestSignedTurn && state.RecentHashes.TryGetValue(next, out var signedThere))
        {
            return signedThere == hash
                ? builder.Done(state)
                : Refuse(RejectionReason.AlreadySigned,
                    $"This node already signed another state at turnNum {next}; it never signs two states with the same turnNum.");
        }
        return (long)next <= state.HighestSignedTurn
            ? Refuse(RejectionReason.AlreadySigned,
                $"This node signed up to turnNum {state.HighestSignedTurn} and no longer holds turnNum {next} in memory; it signs nothing on an older state.")
            : Refuse(RejectionReason.UnknownState,
                $"This node holds a state at turnNum {next} it did not sign, after the registered turnNum {turn}; it signs nothing on an older state.");
    }
}

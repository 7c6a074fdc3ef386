using System.Collections.Immutable;
using Parley.StateMachines;

namespace Parley.Channels;

/// <summary>
/// A proof that a state is supported (DESIGN.md, "Support"): a state signed by every participant, followed by zero or
/// more <see cref="Move"/>s, each applied by the app's reducer to the state before it and signed by its mover. The
/// supported state is the last one: turn <see cref="TurnNum"/> = base turn + number of moves.
/// </summary>
/// <remarks>
/// Construction checks what it can without the reducer: the base is signed by all, and no move follows a final state.
/// Whether each action is valid, and whose signature each move must carry, only the reducer can tell: the adjudicator
/// re-executes the moves through the app contract (<c>challenge</c>, <c>checkpoint</c>), and <see cref="Resolve"/>
/// does the same off chain with the generated C# reducer.
/// </remarks>
public sealed class SupportProof
{
    /// <summary>Creates a support proof.</summary>
    /// <param name="baseState">A state signed by every participant.</param>
    /// <param name="moves">The moves applied on top of it, in order (may be empty).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The base is not signed by every participant, or moves follow a final base state.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The last turn number would exceed 2^48 − 1.</exception>
    public SupportProof(SignedState baseState, IEnumerable<Move>? moves = null)
    {
        ArgumentNullException.ThrowIfNull(baseState);
        var list = moves is null ? [] : moves.ToImmutableArray();
        if (!baseState.IsSignedByAll)
        {
            throw new ArgumentException($"The base of a support proof must be signed by every participant: {baseState.State}.", nameof(baseState));
        }
        if (list.Any(m => m is null))
        {
            throw new ArgumentNullException(nameof(moves), "A support proof's moves must not be null.");
        }
        if (!list.IsEmpty && baseState.State.IsFinal)
        {
            throw new ArgumentException($"No move can follow the final state {baseState.State}.", nameof(moves));
        }
        var last = baseState.State.TurnNum + (ulong)list.Length;
        if (last > Crypto.ParleyState.MaxTurnNum)
        {
            throw new ArgumentOutOfRangeException(nameof(moves), list.Length, $"The last turn number {last} exceeds 2^48 - 1.");
        }
        Base = baseState;
        Moves = list;
    }

    /// <summary>The state signed by every participant.</summary>
    public SignedState Base { get; }

    /// <summary>The moves on top of <see cref="Base"/>.</summary>
    public ImmutableArray<Move> Moves { get; }

    /// <summary>The turn number of the supported (last) state.</summary>
    public ulong TurnNum => Base.State.TurnNum + (ulong)Moves.Length;

    /// <summary>
    /// Replays the moves with <paramref name="rules"/> and checks each one as the adjudicator does on chain: the state
    /// acted on is not final; the mover is <c>NextMover(appData, turnNum)</c>; the reducer accepts the action; the new
    /// outcome conserves every asset (same assets in the same order, one balance per participant, same totals); the
    /// move's signature is the mover's (low s) on the resulting state, whose turn is one more and whose <c>isFinal</c> is
    /// <c>IsFinal(newAppData)</c>.
    /// </summary>
    /// <param name="rules">The channel's state machine (its C# reducer).</param>
    /// <returns>The supported state: the base's variable part when there are no moves, else the last move's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
    /// <exception cref="ArgumentException">The machine is for another number of participants than the channel.</exception>
    /// <exception cref="SupportProofException">A move does not hold (the reducer's rejection is the inner exception).</exception>
    public VariablePart Resolve(IStateMachineDefinition rules) => ResolveStates(rules)[^1];

    /// <summary>
    /// Replays and checks the moves as <see cref="Resolve"/> does, and returns every state of the proof in order: the
    /// base's variable part (turnNum <c>Base.State.TurnNum</c>), then each move's result, the last being the supported state.
    /// </summary>
    /// <param name="rules">The channel's state machine (its C# reducer).</param>
    /// <returns><c>Moves.Length + 1</c> states, consecutive turnNums.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
    /// <exception cref="ArgumentException">The machine is for another number of participants than the channel.</exception>
    /// <exception cref="SupportProofException">A move does not hold (the reducer's rejection is the inner exception).</exception>
    public IReadOnlyList<VariablePart> ResolveStates(IStateMachineDefinition rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var fixedPart = Base.State.FixedPart;
        if (rules.ParticipantCount != fixedPart.ParticipantCount)
        {
            throw new ArgumentException(
                $"{rules.Id} is for {rules.ParticipantCount} participants; the channel has {fixedPart.ParticipantCount}.", nameof(rules));
        }
        var state = Base.State.VariablePart;
        var states = new List<VariablePart>(Moves.Length + 1) { state };
        for (var i = 0; i < Moves.Length; i++)
        {
            var move = Moves[i];
            if (state.IsFinal)
            {
                throw new SupportProofException(i, state.TurnNum, "the state it acts on is final");
            }
            VariablePart next;
            int mover;
            try
            {
                mover = rules.NextMover(state.AppData.AsSpan(), state.TurnNum);
                var transition = rules.Reduce(state.AppData.AsSpan(), state.Outcome, move.Action.AsSpan(), mover);
                if (!state.Outcome.ConservesTotals(transition.Outcome, out var violation))
                {
                    throw new SupportProofException(i, state.TurnNum, $"the outcome is not conserved: {violation}");
                }
                next = new VariablePart(transition.AppData, transition.Outcome, state.TurnNum + 1, rules.IsFinal(transition.AppData));
            }
            catch (ActionRejectedException e)
            {
                throw new SupportProofException(i, state.TurnNum, $"the reducer rejects the action: {e.Message}", e);
            }
            if (new State(fixedPart, next).DescribeSignatureProblem(mover, move.Signature) is { } problem)
            {
                throw new SupportProofException(i, state.TurnNum, $"it must be signed by its mover, participant {mover}: {problem}");
            }
            state = next;
            states.Add(state);
        }
        return states;
    }
}

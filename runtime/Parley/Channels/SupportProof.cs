using System.Collections.Immutable;

namespace Parley.Channels;

/// <summary>
/// A proof that a state is supported (DESIGN.md, "Support"): a state signed by every participant, followed by zero or
/// more <see cref="Move"/>s, each applied by the app's reducer to the state before it and signed by its mover. The
/// supported state is the last one: turn <see cref="TurnNum"/> = base turn + number of moves.
/// </summary>
/// <remarks>
/// This type checks what it can without the reducer: the base is signed by all, and no move follows a final state.
/// Whether each action is valid, and whose signature each move must carry, only the reducer can tell — the adjudicator
/// re-executes the moves through the app contract (<c>challenge</c>, <c>checkpoint</c>), and the runtime through the
/// generated C# reducer.
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
}

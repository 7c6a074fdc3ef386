namespace Parley.Channels;

/// <summary>
/// A support proof does not hold (see <see cref="SupportProof.Resolve"/>): move <see cref="MoveIndex"/> is invalid for
/// the reason given — the same cases the adjudicator refuses on chain.
/// </summary>
public sealed class SupportProofException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="moveIndex">The index of the offending move in <see cref="SupportProof.Moves"/>.</param>
    /// <param name="turnNum">The turn number of the state the move was applied to.</param>
    /// <param name="reason">Why the move is invalid.</param>
    /// <param name="innerException">The reducer's rejection, when that is the reason.</param>
    public SupportProofException(int moveIndex, ulong turnNum, string reason, Exception? innerException = null)
        : base($"Move {moveIndex} (on turn {turnNum}) does not hold: {reason}", innerException)
    {
        MoveIndex = moveIndex;
        TurnNum = turnNum;
    }

    /// <summary>The index of the offending move.</summary>
    public int MoveIndex { get; }

    /// <summary>The turn number of the state the move was applied to.</summary>
    public ulong TurnNum { get; }
}

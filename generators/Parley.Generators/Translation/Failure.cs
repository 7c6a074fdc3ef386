using System;

namespace Parley.Generators.Translation;

/// <summary>
/// How an expression can fail at run time. Solidity does not promise C#'s left-to-right evaluation order, so two
/// operands whose failures could be told apart (different kinds, or any call that may <c>Require</c>) must not be
/// evaluated in one expression; operands that can only fail the same way (both only overflow, say) are fine.
/// </summary>
[Flags]
internal enum Failure
{
    None = 0,
    Overflow = 1,
    DivisionByZero = 2,
    IndexOutOfRange = 4,
    /// <summary>A call to a rule method or rule API that may reject with any reason.</summary>
    Any = 8,
}

internal static class FailureExtensions
{
    /// <summary>Whether evaluating <paramref name="first"/> and <paramref name="second"/> in a different order could change the result.</summary>
    public static bool ConflictsWith(this Failure first, Failure second)
    {
        if (first == Failure.None || second == Failure.None)
        {
            return false;
        }
        var single = first is Failure.Overflow or Failure.DivisionByZero or Failure.IndexOutOfRange;
        return !(single && first == second);
    }
}

namespace Parley;

/// <summary>
/// Declares that an array field or parameter of a state machine has a fixed length, making it a Solidity
/// <c>T[k]</c> (encoded in place, with no length word, per the Solidity ABI specification).
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FixedLengthAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="length">The number of elements, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is less than 1.</exception>
    public FixedLengthAttribute(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
    }

    /// <summary>The number of elements.</summary>
    public int Length { get; }
}

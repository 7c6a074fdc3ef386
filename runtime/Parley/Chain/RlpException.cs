namespace Parley.Chain;

/// <summary>
/// RLP data is malformed or not canonical (Ethereum Yellow Paper, appendix B): truncated, a length in long form that
/// fits the short form, a length or integer with a leading zero byte, a single byte below 0x80 wrapped in a string
/// header, a string where a list is expected (or the reverse), a value of the wrong size, or bytes after the end.
/// The message names the field and the byte offset.
/// </summary>
public sealed class RlpException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field being read, e.g. <c>transaction.nonce</c>.</param>
    /// <param name="offset">The byte offset in the input where the problem is.</param>
    /// <param name="problem">What is wrong.</param>
    public RlpException(string field, int offset, string problem)
        : base($"{field} (at byte {offset}): {problem}")
    {
        Field = field;
        Offset = offset;
    }

    /// <summary>The field being read.</summary>
    public string Field { get; }

    /// <summary>The byte offset in the input where the problem is.</summary>
    public int Offset { get; }
}

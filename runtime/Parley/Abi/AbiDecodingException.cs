namespace Parley.Abi;

/// <summary>
/// Thrown when data is not the canonical Solidity ABI encoding of the expected type. Carries the reason, the path of
/// the field being decoded (for example <c>outcome[1].balances[0]</c>) and the byte position of the offending word.
/// This is the only exception the ABI decoders throw for bad <em>data</em>; misuse of the API by the caller (reading
/// more head words than declared, unbalanced <c>Begin</c>/<c>End</c> calls) throws
/// <see cref="InvalidOperationException"/> instead.
/// </summary>
public sealed class AbiDecodingException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the data was rejected.</param>
    /// <param name="fieldPath">The path of the field being decoded; empty for the top level.</param>
    /// <param name="position">The byte position in the data of the offending word or content.</param>
    /// <param name="detail">A sentence describing the problem.</param>
    public AbiDecodingException(AbiDecodingError reason, string fieldPath, int position, string detail)
        : base(FormatMessage(reason, fieldPath, position, detail))
    {
        Reason = reason;
        FieldPath = fieldPath;
        Position = position;
    }

    /// <summary>Why the data was rejected.</summary>
    public AbiDecodingError Reason { get; }

    /// <summary>
    /// The path of the field being decoded: names given to the reader, joined by <c>.</c>, with <c>[i]</c> for array
    /// elements, e.g. <c>outcome[1].balances[0]</c>; the <see cref="AbiCoder"/> names unnamed members by their index
    /// (<c>[2]</c>). Empty when the problem is at the top level (for example <see cref="AbiDecodingError.TrailingData"/>).
    /// </summary>
    public string FieldPath { get; }

    /// <summary>The byte position (from the start of the data given to the reader) of the offending word or content.</summary>
    public int Position { get; }

    private static string FormatMessage(AbiDecodingError reason, string fieldPath, int position, string detail) =>
        fieldPath.Length == 0
            ? $"ABI decoding failed ({reason}) at byte {position}: {detail}"
            : $"ABI decoding failed ({reason}) at '{fieldPath}', byte {position}: {detail}";
}

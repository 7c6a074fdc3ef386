using System.Buffers;

namespace Parley;

/// <summary>
/// The fixed-length text form shared by <see cref="Address"/> and <see cref="Bytes32"/>: <c>0x</c> followed by exactly
/// twice as many hex digits (either case) as the value has bytes, byte 0 first. Decoding reports which rule failed and
/// where, so each type builds its own specific <see cref="FormatException"/>.
/// </summary>
internal static class PrefixedHex
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Why a text is not a value's fixed-length hex form.</summary>
    internal enum Error
    {
        None,
        MissingPrefix,
        WrongLength,
        NonHex,
    }

    /// <summary>
    /// Decodes <paramref name="s"/> into <paramref name="bytes"/> (whose length fixes the expected digit count).
    /// On <see cref="Error.NonHex"/>, <paramref name="position"/> is the offending character's index in <paramref name="s"/>.
    /// </summary>
    internal static Error TryDecode(ReadOnlySpan<char> s, Span<byte> bytes, out int position)
    {
        position = 0;
        if (s.Length < 2 || s[0] != '0' || s[1] != 'x')
        {
            return Error.MissingPrefix;
        }
        var digits = s[2..];
        if (digits.Length != 2 * bytes.Length)
        {
            return Error.WrongLength;
        }
        var bad = digits.IndexOfAnyExcept(HexDigits);
        if (bad >= 0)
        {
            position = bad + 2;
            return Error.NonHex;
        }
        Convert.FromHexString(digits, bytes, out _, out _);
        return Error.None;
    }

    /// <summary>The exception for a failed <see cref="TryDecode"/>: <paramref name="article"/> is the value's name with its
    /// article ("An Address", "A Bytes32"), <paramref name="byteLength"/> its size.</summary>
    internal static FormatException Exception(Error error, string article, int byteLength, ReadOnlySpan<char> s, int position) => error switch
    {
        Error.MissingPrefix => new FormatException($"{article} must start with \"0x\"."),
        Error.WrongLength => new FormatException($"{article} must have exactly {2 * byteLength} hex digits after \"0x\", got {s.Length - 2}."),
        _ => new FormatException($"{article} has a non-hex character '{s[position]}' at index {position}."),
    };
}

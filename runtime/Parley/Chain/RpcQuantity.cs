namespace Parley.Chain;

/// <summary>
/// The Ethereum JSON-RPC <c>QUANTITY</c> encoding (execution-apis, "Value encoding"): <c>0x</c> followed by the
/// number in hex with no leading zeros, zero being <c>0x0</c>. Parsing is strict: <c>0x</c> alone, a leading zero
/// (<c>0x01</c>), a missing prefix, a sign, white space or a non-hex digit are each refused with a specific
/// <see cref="RpcFormatException"/>. Hex digits may be upper or lower case; <c>Format</c> writes lower case.
/// </summary>
public static class RpcQuantity
{
    /// <summary>Formats <paramref name="value"/>, e.g. 0 → <c>0x0</c>, 1024 → <c>0x400</c>.</summary>
    public static string Format(ulong value) => "0x" + value.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Formats <paramref name="value"/>, e.g. 10^18 → <c>0xde0b6b3a7640000</c>.</summary>
    public static string Format(UInt256 value) => value.IsZero ? "0x0" : value.ToHexString();

    /// <summary>Parses a quantity that must fit in 64 bits (block numbers, gas, timestamps, nonces, chain ids).</summary>
    /// <param name="text">The quantity text.</param>
    /// <param name="field">The field's name, for the error message.</param>
    /// <exception cref="RpcFormatException">The text is null or not a strict quantity, or exceeds 2^64 − 1.</exception>
    public static ulong ParseUInt64(string? text, string field = "quantity")
    {
        var digits = Digits(text, field);
        if (digits.Length > 16)
        {
            throw new RpcFormatException(field, $"the quantity {text} does not fit in 64 bits");
        }
        ulong value = 0;
        foreach (var c in digits)
        {
            value = (value << 4) | (uint)HexValue(c);
        }
        return value;
    }

    /// <summary>Parses a quantity of up to 256 bits (wei amounts, gas prices).</summary>
    /// <param name="text">The quantity text.</param>
    /// <param name="field">The field's name, for the error message.</param>
    /// <exception cref="RpcFormatException">The text is null or not a strict quantity, or exceeds 2^256 − 1.</exception>
    public static UInt256 ParseUInt256(string? text, string field = "quantity")
    {
        var digits = Digits(text, field);
        if (digits.Length > 64)
        {
            throw new RpcFormatException(field, $"the quantity {text} does not fit in 256 bits");
        }
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        // Fill from the least significant nibble.
        for (int i = digits.Length - 1, nibble = 0; i >= 0; i--, nibble++)
        {
            var v = HexValue(digits[i]);
            word[31 - (nibble >> 1)] |= (byte)((nibble & 1) == 0 ? v : v << 4);
        }
        return UInt256.ReadBigEndian(word);
    }

    private static ReadOnlySpan<char> Digits(string? text, string field)
    {
        if (text is null)
        {
            throw new RpcFormatException(field, "expected a hex quantity, got null");
        }
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new RpcFormatException(field, $"a quantity must start with \"0x\", got \"{Shorten(text)}\"");
        }
        var digits = text.AsSpan(2);
        if (digits.IsEmpty)
        {
            throw new RpcFormatException(field, "a quantity needs at least one digit (zero is \"0x0\"), got \"0x\"");
        }
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
            {
                throw new RpcFormatException(field, $"non-hex character '{digits[i]}' at index {i + 2} of \"{Shorten(text)}\"");
            }
        }
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw new RpcFormatException(field, $"a quantity has no leading zeros, got \"{Shorten(text)}\"");
        }
        return digits;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

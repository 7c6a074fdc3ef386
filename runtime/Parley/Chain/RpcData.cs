namespace Parley.Chain;

/// <summary>
/// The Ethereum JSON-RPC <c>DATA</c> encoding (execution-apis, "Value encoding"): <c>0x</c> followed by two hex
/// digits per byte, <c>0x</c> alone being empty data. Parsing is strict: a missing prefix, an odd number of digits or
/// a non-hex character is refused with a specific <see cref="RpcFormatException"/>; fixed-size values (addresses,
/// hashes) must have exactly their length. <c>Format</c> writes lower case.
/// </summary>
public static class RpcData
{
    /// <summary>Formats bytes as <c>0x</c> and lowercase hex (empty → <c>0x</c>).</summary>
    public static string Format(ReadOnlySpan<byte> data) => "0x" + Convert.ToHexStringLower(data);

    /// <summary>Formats an address as <c>0x</c> and 40 lowercase hex digits (what nodes expect and return).</summary>
    public static string Format(Address address) => address.ToLowerHex();

    /// <summary>Formats a 32-byte value (hash, topic) as <c>0x</c> and 64 lowercase hex digits.</summary>
    public static string Format(Bytes32 value) => value.ToString();

    /// <summary>Parses data of any length.</summary>
    /// <param name="text">The data text.</param>
    /// <param name="field">The field's name, for the error message.</param>
    /// <exception cref="RpcFormatException">The text is null, lacks <c>0x</c>, has an odd number of digits or a non-hex character.</exception>
    public static byte[] Parse(string? text, string field = "data")
    {
        var digits = Digits(text, field, expectedBytes: -1);
        return Convert.FromHexString(digits);
    }

    /// <summary>Parses a 20-byte address (any letter case; no EIP-55 check, as nodes return lowercase).</summary>
    /// <exception cref="RpcFormatException">Not exactly 20 bytes of strict data.</exception>
    public static Address ParseAddress(string? text, string field = "address")
    {
        Span<byte> bytes = stackalloc byte[Address.Length];
        Convert.FromHexString(Digits(text, field, Address.Length), bytes, out _, out _);
        return new Address(bytes);
    }

    /// <summary>Parses a 32-byte value (block or transaction hash, log topic).</summary>
    /// <exception cref="RpcFormatException">Not exactly 32 bytes of strict data.</exception>
    public static Bytes32 ParseBytes32(string? text, string field = "hash")
    {
        Span<byte> bytes = stackalloc byte[Bytes32.Length];
        Convert.FromHexString(Digits(text, field, Bytes32.Length), bytes, out _, out _);
        return new Bytes32(bytes);
    }

    private static ReadOnlySpan<char> Digits(string? text, string field, int expectedBytes)
    {
        if (text is null)
        {
            throw new RpcFormatException(field, "expected hex data, got null");
        }
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new RpcFormatException(field, $"data must start with \"0x\", got \"{RpcQuantity.Shorten(text)}\"");
        }
        var digits = text.AsSpan(2);
        if (digits.Length % 2 != 0)
        {
            throw new RpcFormatException(field, $"data needs two hex digits per byte, got an odd count ({digits.Length})");
        }
        var bad = digits.IndexOfAnyExcept("0123456789abcdefABCDEF");
        if (bad >= 0)
        {
            throw new RpcFormatException(field, $"non-hex character '{digits[bad]}' at index {bad + 2}");
        }
        if (expectedBytes >= 0 && digits.Length != 2 * expectedBytes)
        {
            throw new RpcFormatException(field, $"expected exactly {expectedBytes} bytes, got {digits.Length / 2}");
        }
        return digits;
    }
}

namespace Parley.Abi;

/// <summary>Checks on 32-byte ABI words shared by the writer, the reader and the string-typed coder.</summary>
internal static class AbiWord
{
    public const int Size = 32;

    /// <summary>Throws unless <paramref name="bits"/> is a valid M of <c>uint&lt;M&gt;</c>/<c>int&lt;M&gt;</c>: 8 to 256 in steps of 8.</summary>
    public static void CheckBits(int bits)
    {
        if (bits is < 8 or > 256 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "M of uint<M>/int<M> must be 8 to 256, a multiple of 8.");
        }
    }

    /// <summary>Whether the word is a valid <c>uint&lt;bits&gt;</c>: every bit above <paramref name="bits"/> is zero.</summary>
    public static bool IsCleanUnsigned(ReadOnlySpan<byte> word, int bits)
    {
        var highBytes = Size - bits / 8;
        return word[..highBytes].IndexOfAnyExcept((byte)0) < 0;
    }

    /// <summary>
    /// Whether the word is a valid <c>int&lt;bits&gt;</c>: the bytes above the low <paramref name="bits"/> bits are
    /// all copies of its sign bit (0x00 for non-negative values, 0xFF for negative ones).
    /// </summary>
    public static bool IsCleanSigned(ReadOnlySpan<byte> word, int bits)
    {
        var highBytes = Size - bits / 8;
        if (highBytes == 0)
        {
            return true;
        }
        var fill = (word[highBytes] & 0x80) != 0 ? (byte)0xFF : (byte)0;
        return word[..highBytes].IndexOfAnyExcept(fill) < 0;
    }
}

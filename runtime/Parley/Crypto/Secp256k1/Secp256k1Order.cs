namespace Parley.Crypto;

/// <summary>The secp256k1 group order n and n/2 as 32 big-endian bytes, with range checks over such byte strings.</summary>
internal static class Secp256k1Order
{
    /// <summary>n = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141 (SEC 2, section 2.4.1).</summary>
    public static ReadOnlySpan<byte> N =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    /// <summary>floor(n / 2) = 7FFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 5D576E73 57A4501D DFE92F46 681B20A0.</summary>
    public static ReadOnlySpan<byte> HalfN =>
    [
        0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x5D, 0x57, 0x6E, 0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
    ];

    /// <summary>Whether the 32-byte big-endian <paramref name="value"/> is zero.</summary>
    public static bool IsZero(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Whether the 32-byte big-endian <paramref name="value"/> is below n.</summary>
    public static bool IsBelowOrder(ReadOnlySpan<byte> value) => value.SequenceCompareTo(N) < 0;

    /// <summary>Whether the 32-byte big-endian <paramref name="value"/> is at most n/2.</summary>
    public static bool IsAtMostHalfOrder(ReadOnlySpan<byte> value) => value.SequenceCompareTo(HalfN) <= 0;
}

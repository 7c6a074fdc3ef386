using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NumericsBigInteger = System.Numerics.BigInteger;

namespace Parley.Crypto;

/// <summary>
/// A secp256k1 public key: a curve point, held as the 64 bytes <c>x ‖ y</c> of its uncompressed form (each coordinate
/// 32 bytes big-endian, without SEC 1's <c>0x04</c> prefix). Immutable, value equality, bytes held inline.
/// </summary>
/// <remarks><c>default(PublicKey)</c> (all zeros) is not a curve point; every other instance is one.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct PublicKey : IEquatable<PublicKey>
{
    /// <summary>The length of <c>x ‖ y</c> in bytes: 64.</summary>
    public const int Length = 64;

    // p = 2^256 − 2^32 − 977, the secp256k1 field prime (SEC 2, section 2.4.1); the curve is y² = x³ + 7 over F_p.
    private static readonly NumericsBigInteger P = NumericsBigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber);

    private readonly Buffer _bytes;

    // Trusted: the bytes come from a signer back-end and are a curve point.
    internal PublicKey(ReadOnlySpan<byte> xy, bool trusted)
    {
        Debug.Assert(trusted && xy.Length == Length);
        xy.CopyTo(_bytes);
    }

    /// <summary>
    /// Creates a public key from 64 bytes <c>x ‖ y</c>, or 65 bytes <c>0x04 ‖ x ‖ y</c> (SEC 1 uncompressed), checking
    /// that the point is on the curve.
    /// </summary>
    /// <param name="bytes">64 or 65 bytes, coordinates big-endian.</param>
    /// <exception cref="ArgumentException">
    /// The length is neither 64 nor 65, a 65-byte key does not start with <c>0x04</c>, a coordinate is not below the
    /// field prime p, or (x, y) does not satisfy y² = x³ + 7 (mod p).
    /// </exception>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == Length + 1)
        {
            if (bytes[0] != 0x04)
            {
                throw new ArgumentException(
                    $"A 65-byte public key must be SEC 1 uncompressed, starting with 0x04; it starts with 0x{bytes[0]:x2}.", nameof(bytes));
            }
            bytes = bytes[1..];
        }
        else if (bytes.Length != Length)
        {
            throw new ArgumentException(
                $"A public key needs 64 bytes x ‖ y (or 65 bytes 0x04 ‖ x ‖ y), got {bytes.Length}.", nameof(bytes));
        }
        var x = new NumericsBigInteger(bytes[..32], isUnsigned: true, isBigEndian: true);
        var y = new NumericsBigInteger(bytes[32..], isUnsigned: true, isBigEndian: true);
        if (x >= P || y >= P)
        {
            throw new ArgumentException("A public key coordinate is not below the secp256k1 field prime p.", nameof(bytes));
        }
        if ((y * y - (x * x * x + 7)) % P != 0)
        {
            throw new ArgumentException("The public key is not a point on the secp256k1 curve (y² ≠ x³ + 7 mod p).", nameof(bytes));
        }
        return new PublicKey(bytes, trusted: true);
    }

    /// <summary>Parses <c>0x</c> and 128 hex digits (<c>x ‖ y</c>), as <c>cast wallet public-key</c> prints.</summary>
    /// <param name="hex">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException">No <c>0x</c> prefix, not 128 digits, or a non-hex character.</exception>
    /// <exception cref="ArgumentException">Not a curve point (see <see cref="FromBytes"/>).</exception>
    public static PublicKey Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException("A public key in hex must start with \"0x\".");
        }
        if (hex.Length != 2 + 2 * Length)
        {
            throw new FormatException($"A public key in hex must have exactly {2 * Length} hex digits after \"0x\", got {hex.Length - 2}.");
        }
        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(hex.AsSpan(2), bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new FormatException("A public key in hex has a non-hex character.");
        }
        return FromBytes(bytes);
    }

    /// <summary>The Ethereum address of this key: the last 20 bytes of Keccak-256 of <c>x ‖ y</c>.</summary>
    public Address Address => Address.FromPublicKey(AsSpan());

    /// <summary>
    /// The 64 bytes <c>x ‖ y</c>, read-only, without copying; valid while the variable holding the key is in scope.
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>The 64 bytes <c>x ‖ y</c> as a new array.</summary>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <summary><c>0x</c> and 128 lowercase hex digits of <c>x ‖ y</c>.</summary>
    public override string ToString() => "0x" + Convert.ToHexStringLower(_bytes);

    /// <summary>Value equality: the same point.</summary>
    public bool Equals(PublicKey other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ReadOnlySpan<byte> b = _bytes;
        return HashCode.Combine(MemoryMarshal.Read<ulong>(b), MemoryMarshal.Read<ulong>(b[8..]), MemoryMarshal.Read<ulong>(b[32..]));
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(PublicKey left, PublicKey right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PublicKey left, PublicKey right) => !left.Equals(right);

    [InlineArray(Length)]
    private struct Buffer
    {
        private byte _element0;
    }
}

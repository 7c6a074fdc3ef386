using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parley.Crypto;

namespace Parley;

/// <summary>
/// A 20-byte Ethereum address: an account, a contract, an asset (<see cref="Zero"/> stands for ETH in outcomes).
/// An immutable value type with value equality; the bytes live inline in the struct (no heap allocation per value).
/// <c>default(Address)</c> is <see cref="Zero"/>.
/// </summary>
/// <remarks>
/// <para>Ordering (<see cref="CompareTo"/>) is the unsigned big-endian order of the 20 bytes, the order Solidity gives
/// <c>uint160(address)</c>.</para>
/// <para>The text form is <c>0x</c> followed by 40 hex digits. <see cref="ToString"/> prints the EIP-55 mixed-case
/// checksum form; <see cref="ToLowerHex"/> prints lowercase. <see cref="Parse(string)"/> accepts all-lowercase or
/// all-uppercase digits as they are, and mixed case only when it is a valid EIP-55 checksum.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    /// <summary>The length of an address in bytes: 20.</summary>
    public const int Length = 20;

    /// <summary>The length of the text form: <c>0x</c> plus 40 hex digits, 42 characters.</summary>
    public const int HexLength = 2 + 2 * Length;


    private readonly Buffer _bytes;

    /// <summary>The zero address, <c>0x0000000000000000000000000000000000000000</c> (the same as <c>default(Address)</c>).</summary>
    public static Address Zero => default;

    /// <summary>Creates an address from exactly 20 bytes (copied).</summary>
    /// <param name="bytes">The 20 bytes, the most significant first.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 20 bytes long.</exception>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"An Address needs exactly {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }
        bytes.CopyTo(_bytes);
    }

    /// <summary>Creates an address from exactly 20 bytes (copied).</summary>
    /// <param name="bytes">The 20 bytes, the most significant first.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 20 bytes long.</exception>
    public static Address FromSpan(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>
    /// The address of a secp256k1 public key: the last 20 bytes of Keccak-256 of its 64-byte uncompressed form
    /// <c>x ‖ y</c> (Ethereum Yellow Paper, appendix F).
    /// </summary>
    /// <param name="publicKey">The public key.</param>
    public static Address FromPublicKey(PublicKey publicKey) => FromPublicKey(publicKey.AsSpan());

    /// <summary>
    /// The address of an uncompressed secp256k1 public key given as 64 bytes <c>x ‖ y</c> (big-endian coordinates,
    /// without the <c>0x04</c> prefix): the last 20 bytes of its Keccak-256 hash.
    /// </summary>
    /// <param name="publicKeyXY">The 64 bytes <c>x ‖ y</c>. The point is not validated here; <see cref="PublicKey.FromBytes"/> does that.</param>
    /// <exception cref="ArgumentException"><paramref name="publicKeyXY"/> is not exactly 64 bytes long.</exception>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKeyXY)
    {
        if (publicKeyXY.Length != PublicKey.Length)
        {
            throw new ArgumentException(
                $"An uncompressed public key x ‖ y needs exactly {PublicKey.Length} bytes, got {publicKeyXY.Length}.", nameof(publicKeyXY));
        }
        Span<byte> hash = stackalloc byte[Keccak256.HashLength];
        Keccak256.Hash(publicKeyXY, hash);
        return new Address(hash[(Keccak256.HashLength - Length)..]);
    }

    /// <summary>Whether this is the zero address.</summary>
    public bool IsZero => ((ReadOnlySpan<byte>)_bytes).IndexOfAnyExcept((byte)0) < 0;

    /// <summary>
    /// The 20 bytes, read-only, without copying. The span refers to this value's storage, so it is valid only while
    /// the variable holding the value is in scope.
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>Copies the 20 bytes into the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs at least {Length} bytes, got {destination.Length}.", nameof(destination));
        }
        ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);
    }

    /// <summary>The 20 bytes as a new array.</summary>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <summary>Value equality: the same 20 bytes.</summary>
    public bool Equals(Address other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ReadOnlySpan<byte> b = _bytes;
        return HashCode.Combine(MemoryMarshal.Read<ulong>(b), MemoryMarshal.Read<ulong>(b[8..]), MemoryMarshal.Read<uint>(b[16..]));
    }

    /// <summary>
    /// Compares as unsigned 160-bit big-endian integers, as Solidity compares <c>uint160(address)</c>.
    /// </summary>
    /// <returns>Negative, zero or positive as this address is below, equal to or above <paramref name="other"/>.</returns>
    public int CompareTo(Address other) => ((ReadOnlySpan<byte>)_bytes).SequenceCompareTo(other._bytes);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Address left, Address right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    /// <summary>Unsigned big-endian order (see <see cref="CompareTo"/>).</summary>
    public static bool operator <(Address left, Address right) => left.CompareTo(right) < 0;

    /// <summary>Unsigned big-endian order (see <see cref="CompareTo"/>).</summary>
    public static bool operator >(Address left, Address right) => left.CompareTo(right) > 0;

    /// <summary>Unsigned big-endian order (see <see cref="CompareTo"/>).</summary>
    public static bool operator <=(Address left, Address right) => left.CompareTo(right) <= 0;

    /// <summary>Unsigned big-endian order (see <see cref="CompareTo"/>).</summary>
    public static bool operator >=(Address left, Address right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// The EIP-55 checksummed text form: <c>0x</c> and 40 hex digits where each letter is uppercase exactly when the
    /// matching nibble of Keccak-256 of the lowercase hex digits (as ASCII) is 8 or more.
    /// </summary>
    public override string ToString() => string.Create(HexLength, this, static (chars, value) => value.TryFormat(chars, out _));

    /// <summary>The lowercase text form: <c>0x</c> and 40 lowercase hex digits (no checksum).</summary>
    public string ToLowerHex() => string.Create(HexLength, this, static (chars, value) =>
    {
        chars[0] = '0';
        chars[1] = 'x';
        Convert.TryToHexStringLower(value.AsSpan(), chars[2..], out _);
    });

    /// <summary>Writes the EIP-55 checksummed text form (42 characters, see <see cref="ToString"/>) without allocating.</summary>
    /// <param name="destination">The characters to write to.</param>
    /// <param name="charsWritten">42 on success, 0 when <paramref name="destination"/> is too short.</param>
    /// <returns>Whether <paramref name="destination"/> held at least 42 characters.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }
        destination[0] = '0';
        destination[1] = 'x';
        WriteChecksummed(_bytes, destination.Slice(2, 2 * Length));
        charsWritten = HexLength;
        return true;
    }

    /// <summary>
    /// Parses <c>0x</c> followed by exactly 40 hex digits. All-lowercase and all-uppercase digits are accepted as they
    /// are; mixed case must be the EIP-55 checksum of the address.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The text does not start with <c>0x</c>, does not have exactly 40 digits after it, holds a non-hex character, or
    /// is mixed case but not a valid EIP-55 checksum; the message says which (and, for a bad checksum, the expected form).
    /// </exception>
    public static Address Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Address Parse(ReadOnlySpan<char> s)
    {
        var error = TryParseCore(s, out var value, out var position);
        return error switch
        {
            ParseError.None => value,
            ParseError.BadChecksum => throw new FormatException(
                $"The mixed-case address {s} is not a valid EIP-55 checksum (expected {value}); " +
                "check it for a typo, or give it all lowercase to skip the checksum."),
            _ => throw PrefixedHex.Exception((PrefixedHex.Error)error, "An Address", Length, s, position),
        };
    }

    /// <summary>Parses like <see cref="Parse(string)"/> but reports failure by returning false.</summary>
    /// <param name="s">The text; null fails.</param>
    /// <param name="value">The parsed address, or <see cref="Zero"/> on failure.</param>
    /// <returns>Whether <paramref name="s"/> was a well-formed address (with a valid checksum if mixed case).</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out Address value)
    {
        if (s is null)
        {
            value = default;
            return false;
        }
        return TryParse(s.AsSpan(), out value);
    }

    /// <inheritdoc cref="TryParse(string?, out Address)"/>
    public static bool TryParse(ReadOnlySpan<char> s, out Address value)
    {
        if (TryParseCore(s, out value, out _) == ParseError.None)
        {
            return true;
        }
        value = default;
        return false;
    }

    // On BadChecksum, value holds the address the digits spell (for the error message).
    private static ParseError TryParseCore(ReadOnlySpan<char> s, out Address value, out int position)
    {
        value = default;
        Span<byte> bytes = stackalloc byte[Length];
        if (PrefixedHex.TryDecode(s, bytes, out position) is var error and not PrefixedHex.Error.None)
        {
            return (ParseError)error;
        }
        var digits = s[2..];
        value = new Address(bytes);
        if (digits.IndexOfAnyInRange('a', 'f') >= 0 && digits.IndexOfAnyInRange('A', 'F') >= 0)
        {
            Span<char> expected = stackalloc char[2 * Length];
            WriteChecksummed(bytes, expected);
            if (!digits.SequenceEqual(expected))
            {
                return ParseError.BadChecksum;
            }
        }
        return ParseError.None;
    }

    // EIP-55: hash the lowercase hex digits as ASCII; uppercase letter i when nibble i of the hash is >= 8.
    private static void WriteChecksummed(ReadOnlySpan<byte> address, Span<char> digits)
    {
        Span<byte> ascii = stackalloc byte[2 * Length];
        Convert.TryToHexStringLower(address, digits, out _);
        for (var i = 0; i < ascii.Length; i++)
        {
            ascii[i] = (byte)digits[i];
        }
        Span<byte> hash = stackalloc byte[Keccak256.HashLength];
        Keccak256.Hash(ascii, hash);
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = (i & 1) == 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0xF;
            if (nibble >= 8 && digits[i] >= 'a')
            {
                digits[i] = (char)(digits[i] - ('a' - 'A'));
            }
        }
    }

    // The first four mirror PrefixedHex.Error, value for value.
    private enum ParseError
    {
        None = PrefixedHex.Error.None,
        MissingPrefix = PrefixedHex.Error.MissingPrefix,
        WrongLength = PrefixedHex.Error.WrongLength,
        NonHex = PrefixedHex.Error.NonHex,
        BadChecksum,
    }

    [InlineArray(Length)]
    private struct Buffer
    {
        private byte _element0;
    }
}

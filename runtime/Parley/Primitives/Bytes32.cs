using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parley;

/// <summary>
/// Exactly 32 bytes: a Solidity <c>bytes32</c>, a Keccak-256 digest, a channel id, an EIP-712 struct hash.
/// An immutable value type with value equality; the bytes live inline in the struct (no heap allocation per value).
/// <c>default(Bytes32)</c> is <see cref="Zero"/>.
/// </summary>
/// <remarks>
/// The text form is <c>0x</c> followed by 64 hexadecimal digits, the first digit pair being byte 0 (big-endian, as
/// Solidity and JSON-RPC print a <c>bytes32</c>). <see cref="ToString"/> prints lowercase; <see cref="Parse(string)"/>
/// accepts either case.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    /// <summary>The length of the value in bytes: 32.</summary>
    public const int Length = 32;

    /// <summary>The length of the text form: <c>0x</c> plus 64 hex digits, 66 characters.</summary>
    public const int HexLength = 2 + 2 * Length;


    private readonly Buffer _bytes;

    /// <summary>The all-zero value (the same as <c>default(Bytes32)</c>).</summary>
    public static Bytes32 Zero => default;

    /// <summary>Creates a value from exactly 32 bytes (copied).</summary>
    /// <param name="bytes">The 32 bytes, byte 0 first.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public Bytes32(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A Bytes32 needs exactly {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }
        bytes.CopyTo(_bytes);
    }

    /// <summary>Creates a value from exactly 32 bytes (copied).</summary>
    /// <param name="bytes">The 32 bytes, byte 0 first.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not exactly 32 bytes long.</exception>
    public static Bytes32 FromSpan(ReadOnlySpan<byte> bytes) => new(bytes);

    /// <summary>Whether every byte is zero.</summary>
    public bool IsZero => ((ReadOnlySpan<byte>)_bytes).IndexOfAnyExcept((byte)0) < 0;

    /// <summary>
    /// The 32 bytes, read-only, without copying. The span refers to this value's storage, so it is valid only while
    /// the variable holding the value is in scope.
    /// </summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>Copies the 32 bytes into the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs at least {Length} bytes, got {destination.Length}.", nameof(destination));
        }
        ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);
    }

    /// <summary>The 32 bytes as a new array.</summary>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <summary>Value equality: the same 32 bytes.</summary>
    public bool Equals(Bytes32 other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        ReadOnlySpan<byte> b = _bytes;
        return HashCode.Combine(
            MemoryMarshal.Read<ulong>(b),
            MemoryMarshal.Read<ulong>(b[8..]),
            MemoryMarshal.Read<ulong>(b[16..]),
            MemoryMarshal.Read<ulong>(b[24..]));
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);

    /// <summary>The text form: <c>0x</c> followed by 64 lowercase hex digits, byte 0 first.</summary>
    public override string ToString() => string.Create(HexLength, this, static (chars, value) => value.TryFormat(chars, out _));

    /// <summary>
    /// Writes the text form (<c>0x</c> and 64 lowercase hex digits, 66 characters) without allocating.
    /// </summary>
    /// <param name="destination">The characters to write to.</param>
    /// <param name="charsWritten">66 on success, 0 when <paramref name="destination"/> is too short.</param>
    /// <returns>Whether <paramref name="destination"/> held at least 66 characters.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (destination.Length < HexLength)
        {
            charsWritten = 0;
            return false;
        }
        destination[0] = '0';
        destination[1] = 'x';
        Convert.TryToHexStringLower(_bytes, destination[2..], out _);
        charsWritten = HexLength;
        return true;
    }

    /// <summary>
    /// Parses <c>0x</c> followed by exactly 64 hex digits (either case), byte 0 first.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">
    /// The text does not start with <c>0x</c>, does not have exactly 64 digits after it, or holds a non-hex character;
    /// the message says which and where.
    /// </exception>
    public static Bytes32 Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static Bytes32 Parse(ReadOnlySpan<char> s)
    {
        Span<byte> bytes = stackalloc byte[Length];
        var error = PrefixedHex.TryDecode(s, bytes, out var position);
        return error == PrefixedHex.Error.None ? new Bytes32(bytes) : throw PrefixedHex.Exception(error, "A Bytes32", Length, s, position);
    }

    /// <summary>Parses like <see cref="Parse(string)"/> but reports failure by returning false.</summary>
    /// <param name="s">The text; null fails.</param>
    /// <param name="value">The parsed value, or <see cref="Zero"/> on failure.</param>
    /// <returns>Whether <paramref name="s"/> was <c>0x</c> followed by exactly 64 hex digits.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out Bytes32 value)
    {
        if (s is null)
        {
            value = default;
            return false;
        }
        return TryParse(s.AsSpan(), out value);
    }

    /// <inheritdoc cref="TryParse(string?, out Bytes32)"/>
    public static bool TryParse(ReadOnlySpan<char> s, out Bytes32 value)
    {
        Span<byte> bytes = stackalloc byte[Length];
        var ok = PrefixedHex.TryDecode(s, bytes, out _) == PrefixedHex.Error.None;
        value = ok ? new Bytes32(bytes) : default;
        return ok;
    }

    [InlineArray(Length)]
    private struct Buffer
    {
        private byte _element0;
    }
}

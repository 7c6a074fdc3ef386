using System.Diagnostics;

namespace Parley.Crypto;

/// <summary>
/// A recoverable secp256k1 ECDSA signature <c>(r, s, v)</c>, serialized as 65 bytes <c>r ‖ s ‖ v</c> (r and s 32 bytes
/// big-endian each, v one byte).
/// </summary>
/// <remarks>
/// <para><b>v.</b> <see cref="FromBytes"/> and the constructor accept v as 27/28 (Ethereum's form) or 0/1 (the raw
/// recovery id) and normalise it; <see cref="V"/>, <see cref="ToBytes"/> and <see cref="ToString"/> always give 27/28.
/// That is the form Ethereum's <c>eth_sign</c> / <c>personal_sign</c> return, the form the <c>ecrecover</c>
/// precompile takes, and the form OpenZeppelin's <c>ECDSA.recover(bytes32, bytes)</c> expects (it treats any other
/// v as invalid). <see cref="RecoveryId"/> is the raw 0/1.</para>
/// <para><b>Ranges.</b> Construction rejects r or s equal to 0 or not below the curve order n, each with its own
/// <see cref="SignatureError"/>. A high s (above n/2) is representable — <see cref="IsLowS"/> tells — but recovery
/// rejects it (<see cref="SignatureError.HighS"/>), as Ethereum has since Homestead (EIP-2). Signatures made by
/// Parley's signers are always low-s.</para>
/// <para><c>default(Signature)</c> has r = s = 0 and is rejected by recovery.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Signature : IEquatable<Signature>
{
    /// <summary>The serialized length in bytes: 65 (<c>r ‖ s ‖ v</c>).</summary>
    public const int Length = 65;

    private readonly Bytes32 _r;
    private readonly Bytes32 _s;
    private readonly byte _recoveryId;

    /// <summary>Creates a signature from its parts, validating them.</summary>
    /// <param name="r">r, 32 bytes big-endian, 1 ≤ r &lt; n.</param>
    /// <param name="s">s, 32 bytes big-endian, 1 ≤ s &lt; n (high s is allowed here; recovery rejects it).</param>
    /// <param name="v">27 or 28 (Ethereum form), or 0 or 1 (recovery id).</param>
    /// <exception cref="SignatureException">
    /// <see cref="SignatureError.InvalidV"/>, <see cref="SignatureError.RIsZero"/>,
    /// <see cref="SignatureError.RNotBelowOrder"/>, <see cref="SignatureError.SIsZero"/> or
    /// <see cref="SignatureError.SNotBelowOrder"/>.
    /// </exception>
    public Signature(Bytes32 r, Bytes32 s, byte v)
    {
        var error = Validate(r.AsSpan(), s.AsSpan(), v, out var recoveryId);
        if (error is { } e)
        {
            throw new SignatureException(e, Explain(e, v));
        }
        _r = r;
        _s = s;
        _recoveryId = recoveryId;
    }

    // Trusted: used by the signers, whose r and s are in range by construction and whose recovery id is 0 or 1.
    private Signature(Bytes32 r, Bytes32 s, int recoveryId, bool trusted)
    {
        Debug.Assert(trusted && recoveryId is 0 or 1);
        _r = r;
        _s = s;
        _recoveryId = (byte)recoveryId;
    }

    /// <summary>r, 32 bytes big-endian.</summary>
    public Bytes32 R => _r;

    /// <summary>s, 32 bytes big-endian.</summary>
    public Bytes32 S => _s;

    /// <summary>v in Ethereum's form: 27 or 28 (<see cref="RecoveryId"/> + 27).</summary>
    public byte V => (byte)(27 + _recoveryId);

    /// <summary>The recovery id: 0 when R's y coordinate is even, 1 when odd.</summary>
    public int RecoveryId => _recoveryId;

    /// <summary>Whether s ≤ n/2, the only form Ethereum (EIP-2) and OpenZeppelin ECDSA accept.</summary>
    public bool IsLowS => Secp256k1Order.IsAtMostHalfOrder(_s.AsSpan());

    /// <summary>Parses 65 bytes <c>r ‖ s ‖ v</c>, with v one of 0, 1, 27, 28 (normalised to 27/28).</summary>
    /// <param name="bytes">The 65 bytes.</param>
    /// <exception cref="SignatureException">
    /// <see cref="SignatureError.WrongLength"/> when not 65 bytes; otherwise as the constructor
    /// <see cref="Signature(Bytes32, Bytes32, byte)"/>.
    /// </exception>
    public static Signature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new SignatureException(SignatureError.WrongLength, $"A signature must be exactly {Length} bytes r ‖ s ‖ v, got {bytes.Length}.");
        }
        return new Signature(new Bytes32(bytes[..32]), new Bytes32(bytes[32..64]), bytes[64]);
    }

    /// <summary>Parses like <see cref="FromBytes"/> but reports failure by returning false.</summary>
    /// <param name="bytes">The 65 bytes.</param>
    /// <param name="signature">The signature, or <c>default</c> on failure.</param>
    /// <param name="error">Why it failed, or null on success.</param>
    /// <returns>Whether the bytes were a well-formed signature.</returns>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Signature signature, out SignatureError? error)
    {
        signature = default;
        if (bytes.Length != Length)
        {
            error = SignatureError.WrongLength;
            return false;
        }
        error = Validate(bytes[..32], bytes[32..64], bytes[64], out var recoveryId);
        if (error is not null)
        {
            return false;
        }
        signature = new Signature(new Bytes32(bytes[..32]), new Bytes32(bytes[32..64]), recoveryId, trusted: true);
        return true;
    }

    /// <summary>
    /// Parses <c>0x</c> followed by 130 hex digits (65 bytes <c>r ‖ s ‖ v</c>), as <c>cast wallet sign</c> and
    /// <c>eth_sign</c> print a signature.
    /// </summary>
    /// <param name="hex">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException">No <c>0x</c> prefix, or a non-hex character.</exception>
    /// <exception cref="SignatureException">As <see cref="FromBytes"/>.</exception>
    public static Signature Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException("A signature in hex must start with \"0x\".");
        }
        if (hex.Length % 2 != 0)
        {
            throw new FormatException($"A signature in hex must have an even number of hex digits, got {hex.Length - 2}.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.AsSpan(2));
        }
        catch (FormatException e)
        {
            throw new FormatException("A signature in hex has a non-hex character.", e);
        }
        return FromBytes(bytes);
    }

    /// <summary>Writes <c>r ‖ s ‖ v</c> (v = 27/28) into the first 65 bytes of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 65 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 65 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs at least {Length} bytes, got {destination.Length}.", nameof(destination));
        }
        _r.CopyTo(destination);
        _s.CopyTo(destination[32..]);
        destination[64] = V;
    }

    /// <summary>The 65 bytes <c>r ‖ s ‖ v</c>, v = 27/28, as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary><c>0x</c> and 130 lowercase hex digits of <c>r ‖ s ‖ v</c> (v = 27/28), as <c>cast wallet sign</c> prints.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return "0x" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>Recovers the signer's address of <paramref name="hash"/> with <see cref="Secp256k1.Default"/>.</summary>
    /// <param name="hash">The 32-byte digest that was signed.</param>
    /// <exception cref="SignatureException">As <see cref="ISecp256k1.Recover"/>.</exception>
    public Address Recover(Bytes32 hash) => Secp256k1.Default.Recover(hash, this);

    /// <summary>Value equality: same r, s and v.</summary>
    public bool Equals(Signature other) => _r == other._r && _s == other._s && _recoveryId == other._recoveryId;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_r, _s, _recoveryId);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Signature left, Signature right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Signature left, Signature right) => !left.Equals(right);

    /// <summary>Creates a signature the signers produced: r and s in range, recovery id 0 or 1.</summary>
    internal static Signature FromTrustedParts(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId) =>
        new(new Bytes32(r), new Bytes32(s), recoveryId, trusted: true);

    /// <summary>
    /// Checks what recovery needs: r and s in [1, n), s ≤ n/2. Catches <c>default(Signature)</c> and high s.
    /// </summary>
    internal SignatureError? CheckRecoverable()
    {
        if (Validate(_r.AsSpan(), _s.AsSpan(), _recoveryId, out _) is { } error)
        {
            return error;
        }
        return IsLowS ? null : SignatureError.HighS;
    }

    private static SignatureError? Validate(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, byte v, out byte recoveryId)
    {
        recoveryId = 0;
        switch (v)
        {
            case 0 or 1:
                recoveryId = v;
                break;
            case 27 or 28:
                recoveryId = (byte)(v - 27);
                break;
            default:
                return SignatureError.InvalidV;
        }
        if (Secp256k1Order.IsZero(r))
        {
            return SignatureError.RIsZero;
        }
        if (!Secp256k1Order.IsBelowOrder(r))
        {
            return SignatureError.RNotBelowOrder;
        }
        if (Secp256k1Order.IsZero(s))
        {
            return SignatureError.SIsZero;
        }
        if (!Secp256k1Order.IsBelowOrder(s))
        {
            return SignatureError.SNotBelowOrder;
        }
        return null;
    }

    private static string Explain(SignatureError error, byte v) => error == SignatureError.InvalidV
        ? $"A signature's v must be 27 or 28 (or 0 or 1), got {v}."
        : SignatureException.Describe(error);
}

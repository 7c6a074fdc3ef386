using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>
/// A secp256k1 private key: a scalar k with 1 ≤ k &lt; n (the curve order), held as 32 bytes big-endian.
/// Immutable and thread-safe. <see cref="ToString"/> never prints the secret (it prints the address).
/// </summary>
/// <remarks>
/// Signing and public-key derivation go through <see cref="Secp256k1.Default"/> unless a back-end is passed. The public
/// key and address are derived once, on first use, and cached.
/// </remarks>
public sealed class PrivateKey : IEquatable<PrivateKey>
{
    /// <summary>The length of a private key in bytes: 32.</summary>
    public const int Length = 32;

    private readonly byte[] _secret;
    private StrongBox<PublicKey>? _publicKey;

    /// <summary>Creates a key from 32 bytes big-endian (copied), checking 1 ≤ k &lt; n.</summary>
    /// <param name="secret">The 32 secret bytes.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="secret"/> is not 32 bytes, is zero, or is not below the curve order n (the message never
    /// includes the secret).
    /// </exception>
    public PrivateKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Length)
        {
            throw new ArgumentException($"A secp256k1 private key needs exactly {Length} bytes, got {secret.Length}.", nameof(secret));
        }
        if (Secp256k1Order.IsZero(secret))
        {
            throw new ArgumentException("A secp256k1 private key must be in [1, n − 1]; this one is zero.", nameof(secret));
        }
        if (!Secp256k1Order.IsBelowOrder(secret))
        {
            throw new ArgumentException(
                "A secp256k1 private key must be in [1, n − 1]; this one is not below the curve order n.", nameof(secret));
        }
        _secret = secret.ToArray();
    }

    /// <summary>Creates a key from 32 bytes big-endian (copied), checking 1 ≤ k &lt; n.</summary>
    /// <param name="secret">The 32 secret bytes.</param>
    /// <exception cref="ArgumentException">As <see cref="PrivateKey(ReadOnlySpan{byte})"/>.</exception>
    public static PrivateKey FromBytes(ReadOnlySpan<byte> secret) => new(secret);

    /// <summary>Parses <c>0x</c> followed by exactly 64 hex digits (the form <c>cast wallet new</c> prints).</summary>
    /// <param name="hex">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="FormatException">No <c>0x</c> prefix, not 64 digits, or a non-hex character (the message never includes the secret).</exception>
    /// <exception cref="ArgumentException">The value is zero or not below n.</exception>
    public static PrivateKey Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!hex.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new FormatException("A private key in hex must start with \"0x\".");
        }
        if (hex.Length != 2 + 2 * Length)
        {
            throw new FormatException($"A private key in hex must have exactly {2 * Length} hex digits after \"0x\", got {hex.Length - 2}.");
        }
        Span<byte> secret = stackalloc byte[Length];
        try
        {
            if (Convert.FromHexString(hex.AsSpan(2), secret, out _, out _) != System.Buffers.OperationStatus.Done)
            {
                throw new FormatException("A private key in hex has a non-hex character.");
            }
            return new PrivateKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Creates a fresh random key from the operating system's CSPRNG (<see cref="RandomNumberGenerator"/>).</summary>
    public static PrivateKey Generate()
    {
        Span<byte> secret = stackalloc byte[Length];
        try
        {
            do
            {
                RandomNumberGenerator.Fill(secret);
            }
            while (Secp256k1Order.IsZero(secret) || !Secp256k1Order.IsBelowOrder(secret));
            return new PrivateKey(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The public key k·G, derived with <see cref="Secp256k1.Default"/> on first use and cached.</summary>
    public PublicKey PublicKey
    {
        get
        {
            var box = Volatile.Read(ref _publicKey);
            if (box is null)
            {
                box = new StrongBox<PublicKey>(Secp256k1.Default.GetPublicKey(this));
                Volatile.Write(ref _publicKey, box);
            }
            return box.Value;
        }
    }

    /// <summary>The Ethereum address of <see cref="PublicKey"/>.</summary>
    public Address Address => PublicKey.Address;

    /// <summary>The secret scalar, 32 bytes big-endian, for the signer back-ends.</summary>
    internal ReadOnlySpan<byte> Secret => _secret;

    /// <summary>
    /// Signs a 32-byte digest with <see cref="Secp256k1.Default"/>: RFC 6979 deterministic nonce, low-s, v = 27/28.
    /// The digest is signed as is (no EIP-191 prefix, no further hashing): pass a Keccak-256 output such as
    /// <see cref="PersonalMessage.Hash(ReadOnlySpan{byte})"/> or an EIP-712 digest.
    /// </summary>
    /// <param name="hash">The digest.</param>
    public Signature Sign(Bytes32 hash) => Secp256k1.Default.Sign(hash, this);

    /// <summary>Signs like <see cref="Sign(Bytes32)"/> with the given back-end.</summary>
    /// <param name="hash">The digest.</param>
    /// <param name="backend">The secp256k1 implementation to use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="backend"/> is null.</exception>
    public Signature Sign(Bytes32 hash, ISecp256k1 backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.Sign(hash, this);
    }

    /// <summary>
    /// The 32 secret bytes as a new array, for storing the key. Handle with care: whoever holds them can sign as this
    /// key.
    /// </summary>
    public byte[] ExportBytes() => (byte[])_secret.Clone();

    /// <summary>Constant-time equality of the secrets.</summary>
    public bool Equals(PrivateKey? other) => other is not null && CryptographicOperations.FixedTimeEquals(_secret, other._secret);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PrivateKey);

    /// <summary>A hash of the address (never of the secret itself).</summary>
    public override int GetHashCode() => Address.GetHashCode();

    /// <summary><c>PrivateKey(address 0x…)</c>: the EIP-55 address, never the secret.</summary>
    public override string ToString() => $"PrivateKey(address {Address})";
}

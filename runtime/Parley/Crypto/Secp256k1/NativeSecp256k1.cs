using System.Security.Cryptography;

namespace Parley.Crypto;

/// <summary>
/// secp256k1 through Debian's <c>libsecp256k1.so.1</c> (bitcoin-core/secp256k1 0.2.0 with the recovery module), by
/// P/Invoke: the fast back-end. Signing uses the library's default nonce function (RFC 6979, HMAC-SHA256), which
/// already yields low s and the matching recovery id.
/// </summary>
/// <remarks>
/// Each instance owns one context created with <c>SECP256K1_CONTEXT_NONE</c> and randomized once (side-channel
/// blinding) with 32 bytes from the OS CSPRNG. The library documents a context as safe to share between threads for
/// every call here; <see cref="Dispose"/> frees it (calls in flight keep it alive until they return).
/// </remarks>
public sealed class NativeSecp256k1 : Secp256k1Backend, IDisposable
{
    private readonly LibSecp256k1.ContextHandle _context;

    /// <summary>Loads <c>libsecp256k1.so.1</c> and creates a randomized context.</summary>
    /// <exception cref="DllNotFoundException">
    /// The library (or its recovery module) is not installed; the message says how to install it
    /// (<c>apt-get install libsecp256k1-1</c>, which <c>script/bootstrap</c> does) or to use the managed back-end.
    /// </exception>
    /// <exception cref="InvalidOperationException">The library failed to create or randomize a context.</exception>
    public NativeSecp256k1()
    {
        if (!IsAvailable)
        {
            throw new DllNotFoundException(
                $"The native secp256k1 back-end needs {LibSecp256k1.LibraryName} with the recovery module; install Debian's " +
                "libsecp256k1-1 (script/bootstrap does), or use the managed back-end (PARLEY_SECP256K1=managed).");
        }
        _context = LibSecp256k1.secp256k1_context_create(LibSecp256k1.ContextNone);
        if (_context.IsInvalid)
        {
            throw new InvalidOperationException("secp256k1_context_create returned NULL.");
        }
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        var ok = LibSecp256k1.secp256k1_context_randomize(_context, in seed[0]);
        CryptographicOperations.ZeroMemory(seed);
        if (ok != 1)
        {
            _context.Dispose();
            throw new InvalidOperationException("secp256k1_context_randomize failed.");
        }
    }

    /// <summary>Whether <c>libsecp256k1.so.1</c> loads here and exports the recovery functions.</summary>
    public static bool IsAvailable { get; } = LibSecp256k1.IsAvailable();

    /// <inheritdoc/>
    public override string Name => "native";

    /// <inheritdoc/>
    public override PublicKey GetPublicKey(PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Span<byte> pubkey = stackalloc byte[LibSecp256k1.PublicKeyStructLength];
        if (LibSecp256k1.secp256k1_ec_pubkey_create(_context, ref pubkey[0], in privateKey.Secret[0]) != 1)
        {
            // PrivateKey guarantees 1 ≤ k < n, the library's only failure condition.
            throw new InvalidOperationException("secp256k1_ec_pubkey_create rejected a valid private key.");
        }
        return Serialize(pubkey);
    }

    /// <inheritdoc/>
    public override Signature Sign(Bytes32 hash, PrivateKey privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        Span<byte> signature = stackalloc byte[LibSecp256k1.RecoverableSignatureStructLength];
        Span<byte> compact = stackalloc byte[64];
        var digest = hash.AsSpan();
        if (LibSecp256k1.secp256k1_ecdsa_sign_recoverable(_context, ref signature[0], in digest[0], in privateKey.Secret[0], 0, 0) != 1)
        {
            throw new InvalidOperationException("secp256k1_ecdsa_sign_recoverable failed for a valid private key.");
        }
        LibSecp256k1.secp256k1_ecdsa_recoverable_signature_serialize_compact(_context, ref compact[0], out var recid, in signature[0]);
        if (recid is not (0 or 1))
        {
            // R.x ≥ n: probability below 2^-127, and Ethereum's v cannot express it.
            throw new InvalidOperationException($"The signature has recovery id {recid}, which Ethereum's v (27/28) cannot express.");
        }
        return Signature.FromTrustedParts(compact[..32], compact[32..], recid);
    }

    /// <inheritdoc/>
    public override bool TryRecoverPublicKey(Bytes32 hash, Signature signature, out PublicKey publicKey, out SignatureError? error)
    {
        publicKey = default;
        error = signature.CheckRecoverable();
        if (error is not null)
        {
            return false;
        }
        Span<byte> compact = stackalloc byte[64];
        signature.R.CopyTo(compact);
        signature.S.CopyTo(compact[32..]);
        Span<byte> parsed = stackalloc byte[LibSecp256k1.RecoverableSignatureStructLength];
        Span<byte> pubkey = stackalloc byte[LibSecp256k1.PublicKeyStructLength];
        var digest = hash.AsSpan();
        if (LibSecp256k1.secp256k1_ecdsa_recoverable_signature_parse_compact(_context, ref parsed[0], in compact[0], signature.RecoveryId) != 1
            || LibSecp256k1.secp256k1_ecdsa_recover(_context, ref pubkey[0], in parsed[0], in digest[0]) != 1)
        {
            error = SignatureError.NotRecoverable;
            return false;
        }
        publicKey = Serialize(pubkey);
        return true;
    }

    /// <summary>Frees the library context.</summary>
    public void Dispose() => _context.Dispose();

    private PublicKey Serialize(ReadOnlySpan<byte> pubkey)
    {
        Span<byte> uncompressed = stackalloc byte[65];
        nuint length = 65;
        LibSecp256k1.secp256k1_ec_pubkey_serialize(_context, ref uncompressed[0], ref length, in pubkey[0], LibSecp256k1.EcUncompressed);
        return new PublicKey(uncompressed[1..], trusted: true);
    }
}

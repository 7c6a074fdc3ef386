namespace Parley.Crypto;

/// <summary>
/// A secp256k1 ECDSA implementation: public-key derivation, recoverable signing and public-key recovery, with
/// Ethereum's rules. Implementations: <see cref="NativeSecp256k1"/> (libsecp256k1 through P/Invoke) and
/// <see cref="ManagedSecp256k1"/> (Portable.BouncyCastle); <see cref="Secp256k1.Default"/> picks one. Both produce
/// byte-identical results and are thread-safe.
/// </summary>
public interface ISecp256k1
{
    /// <summary>The back-end's name: <c>"native"</c> or <c>"managed"</c>.</summary>
    string Name { get; }

    /// <summary>Derives the public key k·G of <paramref name="privateKey"/>.</summary>
    /// <param name="privateKey">The private key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> is null.</exception>
    PublicKey GetPublicKey(PrivateKey privateKey);

    /// <summary>
    /// Signs the 32-byte digest <paramref name="hash"/> as is (no prefix, no further hashing): deterministic nonce per
    /// RFC 6979 (HMAC-SHA256), s normalised to the low half (s &gt; n/2 becomes n − s and the recovery id flips), and
    /// the recovery id computed while signing. The result equals <c>cast wallet sign --no-hash</c>'s byte for byte.
    /// </summary>
    /// <param name="hash">The digest, normally a Keccak-256 output (an EIP-191 or EIP-712 digest).</param>
    /// <param name="privateKey">The signer's key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="privateKey"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// R.x ≥ n (recovery id 2 or 3), which Ethereum's v cannot express; the probability is below 2^-127.
    /// </exception>
    Signature Sign(Bytes32 hash, PrivateKey privateKey);

    /// <summary>
    /// Recovers the public key that made <paramref name="signature"/> over <paramref name="hash"/>, as the
    /// <c>ecrecover</c> precompile does, but strictly: a high-s signature is rejected (EIP-2, OpenZeppelin ECDSA).
    /// </summary>
    /// <param name="hash">The 32-byte digest that was signed.</param>
    /// <param name="signature">The signature.</param>
    /// <exception cref="SignatureException">
    /// <see cref="SignatureError.HighS"/>; <see cref="SignatureError.RIsZero"/> / <see cref="SignatureError.SIsZero"/>
    /// for <c>default(Signature)</c>; <see cref="SignatureError.NotRecoverable"/> when no key recovers.
    /// </exception>
    PublicKey RecoverPublicKey(Bytes32 hash, Signature signature);

    /// <summary>Recovers like <see cref="RecoverPublicKey"/> but reports failure by returning false.</summary>
    /// <param name="hash">The 32-byte digest that was signed.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="publicKey">The recovered key, or <c>default</c> on failure.</param>
    /// <param name="error">Why recovery failed, or null on success.</param>
    /// <returns>Whether a key was recovered.</returns>
    bool TryRecoverPublicKey(Bytes32 hash, Signature signature, out PublicKey publicKey, out SignatureError? error);

    /// <summary>Recovers the signer's address: the address of <see cref="RecoverPublicKey"/>'s key.</summary>
    /// <param name="hash">The 32-byte digest that was signed.</param>
    /// <param name="signature">The signature.</param>
    /// <exception cref="SignatureException">As <see cref="RecoverPublicKey"/>.</exception>
    Address Recover(Bytes32 hash, Signature signature);

    /// <summary>Recovers the signer's address, reporting failure by returning false.</summary>
    /// <param name="hash">The 32-byte digest that was signed.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="signer">The signer's address, or <see cref="Address.Zero"/> on failure.</param>
    /// <returns>Whether a signer was recovered.</returns>
    bool TryRecover(Bytes32 hash, Signature signature, out Address signer);
}

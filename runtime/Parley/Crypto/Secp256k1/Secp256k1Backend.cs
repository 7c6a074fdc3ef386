namespace Parley.Crypto;

/// <summary>
/// The part of <see cref="ISecp256k1"/> both back-ends share: the throwing and the address-returning recoveries, defined
/// on the back-end's own <see cref="TryRecoverPublicKey"/> (public-key derivation, signing and recovery are the
/// back-end's). <see cref="NativeSecp256k1"/> and <see cref="ManagedSecp256k1"/> derive from it.
/// </summary>
public abstract class Secp256k1Backend : ISecp256k1
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract PublicKey GetPublicKey(PrivateKey privateKey);

    /// <inheritdoc/>
    public abstract Signature Sign(Bytes32 hash, PrivateKey privateKey);

    /// <inheritdoc/>
    public abstract bool TryRecoverPublicKey(Bytes32 hash, Signature signature, out PublicKey publicKey, out SignatureError? error);

    /// <inheritdoc/>
    public PublicKey RecoverPublicKey(Bytes32 hash, Signature signature) =>
        TryRecoverPublicKey(hash, signature, out var publicKey, out var error) ? publicKey : throw new SignatureException(error!.Value);

    /// <inheritdoc/>
    public Address Recover(Bytes32 hash, Signature signature) => RecoverPublicKey(hash, signature).Address;

    /// <inheritdoc/>
    public bool TryRecover(Bytes32 hash, Signature signature, out Address signer)
    {
        var ok = TryRecoverPublicKey(hash, signature, out var publicKey, out _);
        signer = ok ? publicKey.Address : Address.Zero;
        return ok;
    }
}

namespace Parley.Crypto;

/// <summary>EIP-712 typed-data digests: <c>keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message))</c>.</summary>
public static class Eip712
{
    /// <summary>
    /// The digest to sign: <c>keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash)</c> (EIP-712, "Specification of the
    /// eth_signTypedData JSON RPC"; OpenZeppelin <c>MessageHashUtils.toTypedDataHash</c>).
    /// </summary>
    /// <param name="domainSeparator">The domain separator (see <see cref="Eip712Domain.Separator"/>).</param>
    /// <param name="structHash">The message's <c>hashStruct</c>.</param>
    public static Bytes32 Digest(Bytes32 domainSeparator, Bytes32 structHash)
    {
        Span<byte> encoded = stackalloc byte[2 + 32 + 32];
        encoded[0] = 0x19;
        encoded[1] = 0x01;
        domainSeparator.CopyTo(encoded[2..]);
        structHash.CopyTo(encoded[34..]);
        return Keccak256.Hash(encoded);
    }

    /// <summary>The digest to sign for <paramref name="structHash"/> in <paramref name="domain"/>.</summary>
    /// <param name="domain">The domain.</param>
    /// <param name="structHash">The message's <c>hashStruct</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
    public static Bytes32 Digest(Eip712Domain domain, Bytes32 structHash)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Digest(domain.Separator, structHash);
    }
}

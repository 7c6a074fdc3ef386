using System.Numerics;
using System.Text;

namespace Parley.Crypto;

/// <summary>
/// An EIP-712 domain with the fields <c>name</c>, <c>version</c>, <c>chainId</c> and <c>verifyingContract</c>
/// (no salt), i.e. the type <c>EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)</c>
/// that OpenZeppelin's <c>EIP712</c> contract uses. Immutable; <see cref="Separator"/> is computed once.
/// </summary>
public sealed class Eip712Domain : IEquatable<Eip712Domain>
{
    /// <summary>The encoded type: <c>EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)</c>.</summary>
    public const string EncodedType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    private static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    /// <summary>
    /// Creates the domain and computes its separator.
    /// </summary>
    /// <param name="name">The signing domain's name, e.g. <c>"Parley"</c> (hashed as UTF-8).</param>
    /// <param name="version">The domain's version, e.g. <c>"1"</c> (hashed as UTF-8).</param>
    /// <param name="chainId">The EIP-155 chain id, 0 ≤ chainId &lt; 2^256.</param>
    /// <param name="verifyingContract">The contract that verifies the signatures.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="version"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chainId"/> is negative or does not fit in uint256.</exception>
    public Eip712Domain(string name, string version, BigInteger chainId, Address verifyingContract)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        if (chainId.Sign < 0 || chainId > MaxUInt256)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), chainId, "An EIP-712 chainId is a uint256: 0 ≤ chainId < 2^256.");
        }
        Name = name;
        Version = version;
        ChainId = chainId;
        VerifyingContract = verifyingContract;
        Separator = ComputeSeparator();
    }

    /// <summary>Creates the domain with a chain id that fits in 64 bits (every chain in use).</summary>
    /// <param name="name">The signing domain's name (hashed as UTF-8).</param>
    /// <param name="version">The domain's version (hashed as UTF-8).</param>
    /// <param name="chainId">The EIP-155 chain id.</param>
    /// <param name="verifyingContract">The contract that verifies the signatures.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="version"/> is null.</exception>
    public Eip712Domain(string name, string version, ulong chainId, Address verifyingContract)
        : this(name, version, new BigInteger(chainId), verifyingContract)
    {
    }

    /// <summary><c>keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")</c>.</summary>
    public static Bytes32 TypeHash { get; } = Keccak256.Hash(Encoding.ASCII.GetBytes(EncodedType));

    /// <summary>The domain's name.</summary>
    public string Name { get; }

    /// <summary>The domain's version.</summary>
    public string Version { get; }

    /// <summary>The EIP-155 chain id.</summary>
    public BigInteger ChainId { get; }

    /// <summary>The verifying contract's address.</summary>
    public Address VerifyingContract { get; }

    /// <summary>
    /// The domain separator, <c>hashStruct(domain)</c> = keccak256(<see cref="TypeHash"/> ‖ keccak256(name) ‖
    /// keccak256(version) ‖ uint256(chainId) ‖ uint256(uint160(verifyingContract))), each part 32 bytes (EIP-712,
    /// "Definition of domainSeparator"). Equals OpenZeppelin <c>EIP712._domainSeparatorV4()</c> for the same fields.
    /// </summary>
    public Bytes32 Separator { get; }

    /// <summary>Equality of all four fields.</summary>
    public bool Equals(Eip712Domain? other) => other is not null && Separator == other.Separator
        && Name == other.Name && Version == other.Version && ChainId == other.ChainId && VerifyingContract == other.VerifyingContract;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Eip712Domain);

    /// <inheritdoc/>
    public override int GetHashCode() => Separator.GetHashCode();

    /// <summary>The fields and the separator, for logs.</summary>
    public override string ToString() =>
        $"EIP712Domain(name \"{Name}\", version \"{Version}\", chainId {ChainId}, verifyingContract {VerifyingContract}) separator {Separator}";

    private Bytes32 ComputeSeparator()
    {
        Span<byte> encoded = stackalloc byte[5 * 32];
        encoded.Clear();
        TypeHash.CopyTo(encoded);
        Keccak256.Hash(Encoding.UTF8.GetBytes(Name), encoded[32..]);
        Keccak256.Hash(Encoding.UTF8.GetBytes(Version), encoded[64..]);
        var chainIdWord = encoded.Slice(96, 32);
        var chainIdLength = ChainId.GetByteCount(isUnsigned: true);
        ChainId.TryWriteBytes(chainIdWord[(32 - chainIdLength)..], out _, isUnsigned: true, isBigEndian: true);
        VerifyingContract.CopyTo(encoded[(128 + 12)..]);
        return Keccak256.Hash(encoded);
    }
}

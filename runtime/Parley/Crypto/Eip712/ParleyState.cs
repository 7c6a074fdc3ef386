using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Parley.Crypto;

/// <summary>
/// EIP-712 hashing of Parley's signed state (DESIGN.md, "Signatures"): the struct
/// <c>State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)</c> in the domain
/// <c>{name "Parley", version "1", chainId, verifyingContract = adjudicator}</c>. The adjudicator contract computes the
/// same bytes with OpenZeppelin's <c>EIP712</c>.
/// </summary>
public static class ParleyState
{
    /// <summary>The encoded type: <c>State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)</c>.</summary>
    public const string EncodedType = "State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)";

    /// <summary>The EIP-712 domain name: <c>"Parley"</c>.</summary>
    public const string DomainName = "Parley";

    /// <summary>The EIP-712 domain version: <c>"1"</c>.</summary>
    public const string DomainVersion = "1";

    /// <summary>The largest turnNum, 2^48 − 1 (the field is a <c>uint48</c>).</summary>
    public const ulong MaxTurnNum = (1UL << 48) - 1;

    /// <summary><c>keccak256(EncodedType)</c>.</summary>
    public static Bytes32 TypeHash { get; } = Keccak256.Hash(Encoding.ASCII.GetBytes(EncodedType));

    /// <summary>Parley's domain on chain <paramref name="chainId"/> for the adjudicator at <paramref name="adjudicator"/>.</summary>
    /// <param name="chainId">The EIP-155 chain id.</param>
    /// <param name="adjudicator">The adjudicator contract's address (the verifying contract).</param>
    public static Eip712Domain Domain(ulong chainId, Address adjudicator) => new(DomainName, DomainVersion, chainId, adjudicator);

    /// <summary>Parley's domain on chain <paramref name="chainId"/> for the adjudicator at <paramref name="adjudicator"/>.</summary>
    /// <param name="chainId">The EIP-155 chain id, 0 ≤ chainId &lt; 2^256.</param>
    /// <param name="adjudicator">The adjudicator contract's address (the verifying contract).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chainId"/> does not fit in uint256.</exception>
    public static Eip712Domain Domain(BigInteger chainId, Address adjudicator) => new(DomainName, DomainVersion, chainId, adjudicator);

    /// <summary>
    /// <c>hashStruct(State)</c> = keccak256(<see cref="TypeHash"/> ‖ channelId ‖ uint256(turnNum) ‖ uint256(isFinal) ‖
    /// appDataHash ‖ outcomeHash), 6 words of 32 bytes (EIP-712 <c>encodeData</c>: atomic values padded to 32 bytes).
    /// </summary>
    /// <param name="channelId">The channel id, keccak256 of the ABI-encoded fixed part.</param>
    /// <param name="turnNum">The turn number, at most 2^48 − 1.</param>
    /// <param name="isFinal">Whether the state is final.</param>
    /// <param name="appDataHash">keccak256 of the ABI-encoded app data.</param>
    /// <param name="outcomeHash">keccak256 of the ABI-encoded outcome.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turnNum"/> exceeds 2^48 − 1.</exception>
    public static Bytes32 StructHash(Bytes32 channelId, ulong turnNum, bool isFinal, Bytes32 appDataHash, Bytes32 outcomeHash)
    {
        if (turnNum > MaxTurnNum)
        {
            throw new ArgumentOutOfRangeException(nameof(turnNum), turnNum, $"turnNum is a uint48: at most {MaxTurnNum}.");
        }
        Span<byte> encoded = stackalloc byte[6 * 32];
        encoded.Clear();
        TypeHash.CopyTo(encoded);
        channelId.CopyTo(encoded[32..]);
        BinaryPrimitives.WriteUInt64BigEndian(encoded.Slice(64 + 24, 8), turnNum);
        encoded[96 + 31] = isFinal ? (byte)1 : (byte)0;
        appDataHash.CopyTo(encoded[128..]);
        outcomeHash.CopyTo(encoded[160..]);
        return Keccak256.Hash(encoded);
    }

    /// <summary>
    /// The digest participants sign for a state: <see cref="Eip712.Digest(Eip712Domain, Bytes32)"/> of
    /// <see cref="StructHash"/> in <paramref name="domain"/>.
    /// </summary>
    /// <param name="domain">Parley's domain (see <see cref="Domain(ulong, Address)"/>).</param>
    /// <param name="channelId">The channel id.</param>
    /// <param name="turnNum">The turn number, at most 2^48 − 1.</param>
    /// <param name="isFinal">Whether the state is final.</param>
    /// <param name="appDataHash">keccak256 of the ABI-encoded app data.</param>
    /// <param name="outcomeHash">keccak256 of the ABI-encoded outcome.</param>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turnNum"/> exceeds 2^48 − 1.</exception>
    public static Bytes32 Digest(Eip712Domain domain, Bytes32 channelId, ulong turnNum, bool isFinal, Bytes32 appDataHash, Bytes32 outcomeHash)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Eip712.Digest(domain.Separator, StructHash(channelId, turnNum, isFinal, appDataHash, outcomeHash));
    }
}

using Parley.Crypto;

namespace Parley.Transport;

/// <summary>
/// The network a transport belongs to: the chain and the adjudicator its channels settle on. Both ends of a connection
/// must have the same context, and the handshake signatures bind it, so a handshake with a node of another chain or
/// deployment fails and a signature cannot be replayed across them.
/// </summary>
/// <param name="ChainId">The EIP-155 chain id (the <c>chainId</c> of the channels' fixed parts, which Parley keeps to 64 bits).</param>
/// <param name="Adjudicator">The adjudicator contract's address.</param>
public sealed record NetworkContext(ulong ChainId, Address Adjudicator)
{
    /// <summary>
    /// The 32-byte context id sent in HELLO and bound into the handshake transcript:
    /// <c>keccak256("Parley transport context v1" ‖ chainId (32 bytes big-endian) ‖ adjudicator (20 bytes))</c>.
    /// </summary>
    public Bytes32 Id
    {
        get
        {
            var tag = "Parley transport context v1"u8;
            Span<byte> preimage = stackalloc byte[tag.Length + 32 + Address.Length];
            tag.CopyTo(preimage);
            new UInt256(0, 0, 0, ChainId).WriteBigEndian(preimage.Slice(tag.Length, 32));
            Adjudicator.CopyTo(preimage[(tag.Length + 32)..]);
            return Keccak256.Hash(preimage);
        }
    }
}

using Parley.Crypto;
using Parley.Transport;

namespace Parley.Protocol;

/// <summary>What the protocol core needs besides a channel's state: this node's key, its network, and the options.</summary>
/// <remarks>
/// Signing is deterministic (RFC 6979), so a core step that signs is still a pure function of its inputs. The core
/// never signs a turnNum at or below <see cref="ChannelState.HighestSignedTurn"/>; the store re-checks that in the
/// transaction that persists the signature.
/// </remarks>
/// <param name="Key">This node's participant key.</param>
/// <param name="Network">The chain and adjudicator this node's channels must name.</param>
/// <param name="Options">The protocol options.</param>
public sealed record ProtocolContext(PrivateKey Key, NetworkContext Network, ProtocolOptions Options)
{
    /// <summary>This node's participant address.</summary>
    public Address Address { get; } = Key.Address;
}

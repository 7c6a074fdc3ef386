using Parley.Protocol;

namespace Parley.Transport;

/// <summary>
/// Carries channel messages between this node and its peers, each peer authenticated by its participant address.
/// <see cref="TcpTransport"/> is the real implementation; tests may supply an in-memory one.
/// </summary>
public interface IPeerTransport : IAsyncDisposable
{
    /// <summary>This node's participant address (the key it authenticates with).</summary>
    Address LocalAddress { get; }

    /// <summary>Starts listening and dialling; messages and peer events go to <paramref name="handler"/>.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a message to a peer without blocking. False when no authenticated connection to the peer is up: the
    /// message is dropped (the protocol resends what matters after reconnecting, through SYNC).
    /// </summary>
    bool TrySend(Address peer, ChannelMessage message);

    /// <summary>Whether an authenticated connection to the peer is up.</summary>
    bool IsConnected(Address peer);

    /// <summary>Closes the connection to a peer (it may reconnect).</summary>
    void Disconnect(Address peer, WireError error, string reason);
}

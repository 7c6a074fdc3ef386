using Parley.Protocol;
using Parley.Transport;

namespace Parley.Watcher.Tests;

/// <summary>
/// A transport that forwards to a real one until told to drop: then every outgoing message is discarded (and counted),
/// so a node can make moves that never leave it off chain — a counterparty who answers a challenge only on chain.
/// </summary>
public sealed class SwitchableTransport(IPeerTransport inner) : IPeerTransport
{
    private int _dropped;

    /// <summary>Whether outgoing messages are discarded.</summary>
    public volatile bool Drop;

    /// <summary>How many messages were discarded.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>The updates (signed moves) among the discarded messages.</summary>
    public int DroppedUpdates;

    public Address LocalAddress => inner.LocalAddress;

    public Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default) => inner.StartAsync(handler, cancellationToken);

    public bool TrySend(Address peer, ChannelMessage message)
    {
        if (!Drop)
        {
            return inner.TrySend(peer, message);
        }
        Interlocked.Increment(ref _dropped);
        if (message is UpdateMessage)
        {
            Interlocked.Increment(ref DroppedUpdates);
        }
        return false;
    }

    public bool IsConnected(Address peer) => inner.IsConnected(peer);

    public void Disconnect(Address peer, WireError error, string reason) => inner.Disconnect(peer, error, reason);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

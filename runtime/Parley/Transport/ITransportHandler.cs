using Parley.Protocol;

namespace Parley.Transport;

/// <summary>What a transport delivers to the node: channel messages from authenticated peers, and peer arrivals and losses.</summary>
public interface ITransportHandler
{
    /// <summary>
    /// One channel message from an authenticated peer. Messages of one connection arrive one at a time in order; the
    /// transport reads no further from that peer until the returned task completes (back-pressure).
    /// </summary>
    /// <param name="peer">The authenticated sender.</param>
    /// <param name="message">The decoded message (its content is not yet validated).</param>
    /// <param name="cancellationToken">Cancelled when the connection closes.</param>
    /// <exception cref="WireFormatException">Thrown by the handler to close the connection with that code (e.g. <see cref="WireError.NotAParticipant"/>).</exception>
    ValueTask OnMessageAsync(Address peer, ChannelMessage message, CancellationToken cancellationToken);

    /// <summary>An authenticated connection to <paramref name="peer"/> is up (possibly replacing an older one).</summary>
    void OnPeerConnected(Address peer);

    /// <summary>The connection to <paramref name="peer"/> ended and no other connection to it is up.</summary>
    void OnPeerDisconnected(Address peer, ConnectionClosed reason);
}

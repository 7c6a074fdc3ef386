using System.Collections.Concurrent;
using System.Threading.Channels;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Transport;

/// <summary>A transport handler that records everything, with awaitable queues.</summary>
public sealed class RecordingHandler : ITransportHandler
{
    public Channel<(Address Peer, ChannelMessage Message)> Messages { get; } = Channel.CreateUnbounded<(Address, ChannelMessage)>();

    public Channel<Address> Connected { get; } = Channel.CreateUnbounded<Address>();

    public Channel<(Address Peer, ConnectionClosed Reason)> Disconnected { get; } = Channel.CreateUnbounded<(Address, ConnectionClosed)>();

    public ConcurrentQueue<string> Log { get; } = new();

    public Func<Address, ChannelMessage, ValueTask>? OnMessage { get; set; }

    public async ValueTask OnMessageAsync(Address peer, ChannelMessage message, CancellationToken cancellationToken)
    {
        if (OnMessage is not null)
        {
            await OnMessage(peer, message);
        }
        Messages.Writer.TryWrite((peer, message));
    }

    public void OnPeerConnected(Address peer)
    {
        Log.Enqueue("up " + peer);
        Connected.Writer.TryWrite(peer);
    }

    public void OnPeerDisconnected(Address peer, ConnectionClosed reason)
    {
        Log.Enqueue($"down {peer} {reason}");
        Disconnected.Writer.TryWrite((peer, reason));
    }
}

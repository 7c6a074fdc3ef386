using System.Collections.Concurrent;
using System.Threading.Channels;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Engine;

/// <summary>
/// An in-memory transport for unit tests only: nodes registered on one network exchange messages through queues
/// (encoded and decoded with the real codec, so the wire format is exercised). Tests can cut links and drop messages.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<Address, InMemoryTransport> _nodes = new();
    private readonly ConcurrentDictionary<(Address, Address), bool> _cut = new();

    /// <summary>Decides, per message, whether it is delivered (default: all).</summary>
    public Func<Address, Address, ChannelMessage, bool> Deliver { get; set; } = (_, _, _) => true;

    public InMemoryTransport Join(Address address) => _nodes[address] = new InMemoryTransport(this, address);

    internal bool IsUp(Address a, Address b) =>
        !_cut.ContainsKey(Ordered(a, b)) && _nodes.TryGetValue(a, out var x) && x.Started && _nodes.TryGetValue(b, out var y) && y.Started;

    private static (Address, Address) Ordered(Address a, Address b) => a < b ? (a, b) : (b, a);

    /// <summary>Cuts the link between two nodes (both see the peer lost).</summary>
    public void Cut(Address a, Address b)
    {
        var wasUp = IsUp(a, b);
        _cut[Ordered(a, b)] = true;
        if (wasUp)
        {
            _nodes[a].Lost(b);
            _nodes[b].Lost(a);
        }
    }

    /// <summary>Restores a cut link (both see the peer connected).</summary>
    public void Heal(Address a, Address b)
    {
        _cut.TryRemove(Ordered(a, b), out _);
        if (IsUp(a, b))
        {
            _nodes[a].Connected(b);
            _nodes[b].Connected(a);
        }
    }

    internal void Started(InMemoryTransport node)
    {
        foreach (var other in _nodes.Values)
        {
            if (other != node && IsUp(node.LocalAddress, other.LocalAddress))
            {
                node.Connected(other.LocalAddress);
                other.Connected(node.LocalAddress);
            }
        }
    }

    internal void Stopped(InMemoryTransport node)
    {
        foreach (var other in _nodes.Values)
        {
            if (other != node && other.Started && !_cut.ContainsKey(Ordered(node.LocalAddress, other.LocalAddress)))
            {
                other.Lost(node.LocalAddress);
            }
        }
    }

    internal bool Send(Address from, Address to, ChannelMessage message)
    {
        if (!IsUp(from, to) || !_nodes.TryGetValue(to, out var target))
        {
            return false;
        }
        if (!Deliver(from, to, message))
        {
            return true; // "sent", but lost on the way
        }
        var type = (byte)ChannelMessageCodec.TypeOf(message);
        var decoded = ChannelMessageCodec.Decode(type, ChannelMessageCodec.EncodePayload(message));
        target.Enqueue(from, decoded);
        return true;
    }
}

public sealed class InMemoryTransport(InMemoryNetwork network, Address address) : IPeerTransport
{
    private readonly Channel<(Address, ChannelMessage)> _inbox = Channel.CreateUnbounded<(Address, ChannelMessage)>(new UnboundedChannelOptions { SingleReader = true });
    private ITransportHandler? _handler;
    private Task? _pump;

    public Address LocalAddress { get; } = address;

    public bool Started { get; private set; }

    public Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default)
    {
        _handler = handler;
        Started = true;
        _pump = Task.Run(async () =>
        {
            await foreach (var (from, message) in _inbox.Reader.ReadAllAsync())
            {
                try
                {
                    await handler.OnMessageAsync(from, message, CancellationToken.None);
                }
                catch (WireFormatException)
                {
                    // A real transport would close the connection.
                }
            }
        });
        network.Started(this);
        return Task.CompletedTask;
    }

    internal void Enqueue(Address from, ChannelMessage message) => _inbox.Writer.TryWrite((from, message));

    internal void Connected(Address peer) => _handler?.OnPeerConnected(peer);

    internal void Lost(Address peer) => _handler?.OnPeerDisconnected(peer, new ConnectionClosed(WireError.None, "link cut", true));

    public bool TrySend(Address peer, ChannelMessage message) => Started && network.Send(LocalAddress, peer, message);

    public bool IsConnected(Address peer) => network.IsUp(LocalAddress, peer);

    public void Disconnect(Address peer, WireError error, string reason) => network.Cut(LocalAddress, peer);

    public async ValueTask DisposeAsync()
    {
        if (!Started)
        {
            return;
        }
        Started = false;
        network.Stopped(this);
        _inbox.Writer.TryComplete();
        if (_pump is not null)
        {
            await _pump;
        }
    }
}

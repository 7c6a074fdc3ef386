using System.Net;
using Parley.Crypto;
using Parley.Engine;
using Parley.Observers;
using Parley.Protocol;
using Parley.Store;
using Parley.Transport;
using Parley.Runtime.Tests.Protocol;

namespace Parley.Runtime.Tests.Engine;

/// <summary>An engine with a real SQLite store in a temp directory and a TCP or in-memory transport.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(PrivateKey key, string dbPath, IChannelStore store, IPeerTransport transport, ChannelEngine engine, ChannelEvents events)
    {
        Key = key;
        DbPath = dbPath;
        Store = store;
        Transport = transport;
        Engine = engine;
        Events = events;
    }

    public PrivateKey Key { get; }

    public string DbPath { get; }

    public IChannelStore Store { get; }

    public IPeerTransport Transport { get; }

    public ChannelEngine Engine { get; }

    public ChannelEvents Events { get; }

    public Address Address => Key.Address;

    public IPEndPoint? EndPoint => (Transport as TcpTransport)?.ListenEndPoint;

    public static ChannelEngineOptions FastOptions(ProtocolOptions? protocol = null) => new()
    {
        Protocol = protocol ?? new ProtocolOptions(),
        TickInterval = TimeSpan.FromMilliseconds(20),
    };

    public static async Task<TestNode> StartTcpAsync(PrivateKey key, string dbPath, IEnumerable<TestNode>? dial = null, int port = 0,
        ChannelEngineOptions? options = null, StoreDurability durability = StoreDurability.Full, Func<IChannelStore, IChannelStore>? wrapStore = null)
    {
        var transportOptions = new TcpTransportOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, port),
            ReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        foreach (var peer in dial ?? [])
        {
            transportOptions.Peers[peer.Address] = peer.EndPoint!;
        }
        var transport = new TcpTransport(key, TestKeys.Network, transportOptions);
        return await StartAsync(key, dbPath, transport, options, durability, wrapStore);
    }

    public static Task<TestNode> StartInMemoryAsync(PrivateKey key, string dbPath, InMemoryNetwork network, ChannelEngineOptions? options = null,
        Func<IChannelStore, IChannelStore>? wrapStore = null) =>
        StartAsync(key, dbPath, network.Join(key.Address), options, StoreDurability.Normal, wrapStore);

    private static async Task<TestNode> StartAsync(PrivateKey key, string dbPath, IPeerTransport transport, ChannelEngineOptions? options,
        StoreDurability durability, Func<IChannelStore, IChannelStore>? wrapStore)
    {
        IChannelStore store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = dbPath, Durability = durability });
        if (wrapStore is not null)
        {
            store = wrapStore(store);
        }
        var events = new ChannelEvents();
        var engine = new ChannelEngine(key, TestKeys.Network, store, transport, events, options ?? FastOptions());
        await engine.StartAsync();
        return new TestNode(key, dbPath, store, transport, engine, events);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Store.DisposeAsync();
        await Events.DisposeAsync();
    }
}

using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Nodes.Tests;

/// <summary><see cref="ParleyNodeOptions.TransportDecorator"/>: the engine talks through what it returns; one that
/// authenticates as someone else is refused at start.</summary>
public sealed class TransportDecoratorTests(NodeChainFixture chain) : IClassFixture<NodeChainFixture>
{
    [Fact]
    public async Task The_engine_sends_through_the_decorated_transport()
    {
        CountingTransport? counting = null;
        var aliceOptions = chain.Options(await chain.FundedKeyAsync(), chain.NewDirectory());
        aliceOptions.TransportDecorator = inner => counting = new CountingTransport(inner);
        await using var alice = await ParleyNode.StartAsync(aliceOptions);
        var bobOptions = chain.Options(await chain.FundedKeyAsync(), chain.NewDirectory());
        bobOptions.Peers[alice.Address] = alice.PeerEndPoint!;
        await using var bob = await ParleyNode.StartAsync(bobOptions);

        var fixedPart = alice.CreateFixedPart([alice.Address, bob.Address], chain.TicTacToeApp, 600);
        await alice.OpenChannelAsync(fixedPart, TicTacToe.Definition, new Outcome(new AssetOutcome(Address.Zero, [UInt256.One, UInt256.One])));
        await bob.WaitForRunningAsync(fixedPart.ChannelId);
        Assert.NotNull(counting);
        Assert.Contains(counting!.Sent, m => m is ProposeMessage p && p.FixedPart.ChannelId == fixedPart.ChannelId);
    }

    [Fact]
    public async Task A_decorator_that_authenticates_as_someone_else_fails_the_start()
    {
        var directory = chain.NewDirectory();
        var options = chain.Options(PrivateKey.Generate(), directory);
        var stranger = new TcpTransport(PrivateKey.Generate(), chain.Chain.Network, new TcpTransportOptions());
        options.TransportDecorator = _ => stranger;
        var error = await Assert.ThrowsAsync<ParleyNodeOptionsException>(() => ParleyNode.StartAsync(options));
        Assert.Equal("TransportDecorator", error.Option);
        // Nothing kept running: the store's lock is free again.
        await using var node = await ParleyNode.StartAsync(chain.Options(options.Key!, directory));
    }

    private sealed class CountingTransport(IPeerTransport inner) : IPeerTransport
    {
        public System.Collections.Concurrent.ConcurrentQueue<ChannelMessage> Sent { get; } = new();

        public Address LocalAddress => inner.LocalAddress;

        public Task StartAsync(ITransportHandler handler, CancellationToken cancellationToken = default) => inner.StartAsync(handler, cancellationToken);

        public bool TrySend(Address peer, ChannelMessage message)
        {
            Sent.Enqueue(message);
            return inner.TrySend(peer, message);
        }

        public bool IsConnected(Address peer) => inner.IsConnected(peer);

        public void Disconnect(Address peer, WireError error, string reason) => inner.Disconnect(peer, error, reason);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

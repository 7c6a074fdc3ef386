using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Transport;

public sealed class TcpTransportTests
{
    private static readonly PrivateKey Alice = PrivateKey.Parse("0x0101010101010101010101010101010101010101010101010101010101010101");
    private static readonly PrivateKey Bob = PrivateKey.Parse("0x0202020202020202020202020202020202020202020202020202020202020202");
    private static readonly NetworkContext Context = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static readonly Bytes32 ChannelId = Keccak256.Hash("c"u8);

    private static TcpTransportOptions Options(int port = 0) => new()
    {
        ListenEndPoint = new IPEndPoint(IPAddress.Loopback, port),
        ReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        HandshakeTimeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Two_nodes_connect_authenticate_and_exchange_messages_in_order()
    {
        var bobHandler = new RecordingHandler();
        await using var bob = new TcpTransport(Bob, Context, Options());
        await bob.StartAsync(bobHandler);
        var aliceOptions = Options();
        aliceOptions.Peers[Bob.Address] = bob.ListenEndPoint!;
        var aliceHandler = new RecordingHandler();
        await using var alice = new TcpTransport(Alice, Context, aliceOptions);
        await alice.StartAsync(aliceHandler);

        Assert.Equal(Bob.Address, await aliceHandler.Connected.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        Assert.Equal(Alice.Address, await bobHandler.Connected.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        for (ulong i = 0; i < 500; i++)
        {
            Assert.True(alice.TrySend(Bob.Address, new AckMessage(ChannelId, i)));
        }
        for (ulong i = 0; i < 500; i++)
        {
            var (peer, message) = await bobHandler.Messages.Reader.ReadAsync().AsTask().WaitAsync(Limit);
            Assert.Equal(Alice.Address, peer);
            Assert.Equal(i, ((AckMessage)message).TurnNum);
        }
        Assert.True(bob.TrySend(Alice.Address, new SyncMessage(ChannelId, true, 3, 2)));
        Assert.Equal(new SyncMessage(ChannelId, true, 3, 2), (await aliceHandler.Messages.Reader.ReadAsync().AsTask().WaitAsync(Limit)).Message);
        Assert.False(alice.TrySend(Alice.Address, new AckMessage(ChannelId, 1)));
    }

    [Fact]
    public async Task A_lost_peer_is_redialled_when_it_comes_back_on_its_port()
    {
        var bobHandler = new RecordingHandler();
        var bob = new TcpTransport(Bob, Context, Options());
        await bob.StartAsync(bobHandler);
        var port = bob.ListenEndPoint!.Port;
        var aliceOptions = Options();
        aliceOptions.Peers[Bob.Address] = new IPEndPoint(IPAddress.Loopback, port);
        var aliceHandler = new RecordingHandler();
        await using var alice = new TcpTransport(Alice, Context, aliceOptions);
        await alice.StartAsync(aliceHandler);
        await aliceHandler.Connected.Reader.ReadAsync().AsTask().WaitAsync(Limit);

        await bob.DisposeAsync();
        var (_, reason) = await aliceHandler.Disconnected.Reader.ReadAsync().AsTask().WaitAsync(Limit);
        Assert.True(reason.ByRemote);
        Assert.False(alice.IsConnected(Bob.Address));

        var bobAgainHandler = new RecordingHandler();
        await using var bobAgain = new TcpTransport(Bob, Context, Options(port));
        await bobAgain.StartAsync(bobAgainHandler);
        Assert.Equal(Bob.Address, await aliceHandler.Connected.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        Assert.True(alice.TrySend(Bob.Address, new AckMessage(ChannelId, 9)));
        Assert.Equal(9UL, ((AckMessage)(await bobAgainHandler.Messages.Reader.ReadAsync().AsTask().WaitAsync(Limit)).Message).TurnNum);
    }

    [Fact]
    public async Task When_both_sides_dial_one_connection_survives_and_carries_messages_both_ways()
    {
        var aliceHandler = new RecordingHandler();
        var bobHandler = new RecordingHandler();
        var aliceOptions = Options();
        var bobOptions = Options();
        await using var alice = new TcpTransport(Alice, Context, aliceOptions);
        await using var bob = new TcpTransport(Bob, Context, bobOptions);
        await alice.StartAsync(aliceHandler);
        await bob.StartAsync(bobHandler);
        alice.AddPeer(Bob.Address, bob.ListenEndPoint!);
        bob.AddPeer(Alice.Address, alice.ListenEndPoint!);

        // Whatever the interleaving, within a short time both sides agree on one live connection.
        var deadline = DateTime.UtcNow + Limit + Limit;
        ulong n = 0;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "no stable connection: " + string.Join(" | ", aliceHandler.Log));
            if (alice.TrySend(Bob.Address, new AckMessage(ChannelId, ++n)) && bob.TrySend(Alice.Address, new AckMessage(ChannelId, n)))
            {
                var fromAlice = await bobHandler.Messages.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1)).ContinueWith(t => t.IsCompletedSuccessfully);
                var fromBob = await aliceHandler.Messages.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1)).ContinueWith(t => t.IsCompletedSuccessfully);
                if (fromAlice && fromBob)
                {
                    break;
                }
            }
            await Task.Delay(50);
        }
        // And it stays so: both sides report the connection up (polled: a machine under load may still be settling).
        Assert.True(SpinWait.SpinUntil(() => alice.IsConnected(Bob.Address) && bob.IsConnected(Alice.Address), TimeSpan.FromSeconds(10)),
            "not connected at the end: " + string.Join(" | ", aliceHandler.Log) + " // " + string.Join(" | ", bobHandler.Log));
    }

    [Fact]
    public async Task A_raw_client_sending_garbage_is_cut_off_with_a_goodbye_and_nothing_is_delivered()
    {
        var handler = new RecordingHandler();
        await using var bob = new TcpTransport(Bob, Context, Options());
        await bob.StartAsync(handler);
        using var client = new TcpClient();
        await client.ConnectAsync(bob.ListenEndPoint!);
        var stream = client.GetStream();
        // A "channel message" frame instead of HELLO.
        var frame = new ArrayBufferWriter<byte>();
        ChannelMessageCodec.WriteFrame(frame, new AckMessage(ChannelId, 1));
        await stream.WriteAsync(frame.WrittenMemory);
        var received = await ReadToEndAsync(stream).WaitAsync(Limit);
        var sequence = new ReadOnlySequence<byte>(received);
        Assert.True(FrameFormat.TryReadFrame(ref sequence, 4096, out var type, out var payload));
        Assert.Equal(MessageType.Goodbye, (MessageType)type);
        Assert.Equal(WireError.UnexpectedMessage, GoodbyeMessage.Decode(payload.ToArray()).Error);
        Assert.Equal(0, handler.Messages.Reader.Count);
        Assert.Equal(0, handler.Connected.Reader.Count);
    }

    [Fact]
    public async Task A_client_that_never_finishes_the_handshake_is_dropped_after_the_timeout()
    {
        var handler = new RecordingHandler();
        var options = Options();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(300);
        await using var bob = new TcpTransport(Bob, Context, options);
        await bob.StartAsync(handler);
        using var client = new TcpClient();
        await client.ConnectAsync(bob.ListenEndPoint!);
        var received = await ReadToEndAsync(client.GetStream()).WaitAsync(Limit);
        var sequence = new ReadOnlySequence<byte>(received);
        Assert.True(FrameFormat.TryReadFrame(ref sequence, 4096, out var type, out var payload));
        Assert.Equal(MessageType.Goodbye, (MessageType)type);
        Assert.Equal(WireError.Timeout, GoodbyeMessage.Decode(payload.ToArray()).Error);
    }

    internal static async Task<byte[]> ReadToEndAsync(NetworkStream stream)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                all.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server after its GOODBYE.
        }
        return all.ToArray();
    }
}

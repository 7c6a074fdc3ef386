using System.Buffers;
using System.IO.Pipelines;
using Parley.Crypto;
using Parley.Transport;

namespace Parley.Runtime.Tests.Transport;

public sealed class HandshakeTests
{
    private static readonly PrivateKey Alice = PrivateKey.Parse("0x0101010101010101010101010101010101010101010101010101010101010101");
    private static readonly PrivateKey Bob = PrivateKey.Parse("0x0202020202020202020202020202020202020202020202020202020202020202");
    private static readonly PrivateKey Mallory = PrivateKey.Parse("0x0303030303030303030303030303030303030303030303030303030303030303");
    private static readonly Bytes32 Context = new NetworkContext(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3")).Id;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Both_sides_learn_the_others_authenticated_address()
    {
        var (a, b) = PipePair.Create();
        var initiator = Handshake.InitiateAsync(a, Alice, Context, Bob.Address, CancellationToken.None);
        var responder = Handshake.RespondAsync(b, Bob, Context, CancellationToken.None);
        Assert.Equal(Bob.Address, await initiator.WaitAsync(Limit));
        Assert.Equal(Alice.Address, await responder.WaitAsync(Limit));
    }

    [Fact]
    public async Task Another_chain_or_adjudicator_is_refused_with_WrongNetwork()
    {
        var other = new NetworkContext(1, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3")).Id;
        var (a, b) = PipePair.Create();
        var initiator = Handshake.InitiateAsync(a, Alice, other, null, CancellationToken.None);
        var responder = await Assert.ThrowsAsync<WireFormatException>(() => Handshake.RespondAsync(b, Bob, Context, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(WireError.WrongNetwork, responder.Error);
        var refused = await Assert.ThrowsAsync<WireFormatException>(() => initiator.WaitAsync(Limit));
        Assert.Contains("WrongNetwork", refused.Message); // the GOODBYE told the initiator why
    }

    [Fact]
    public async Task The_initiator_refuses_a_responder_other_than_the_one_it_dialled()
    {
        var (a, b) = PipePair.Create();
        var initiator = Handshake.InitiateAsync(a, Alice, Context, Bob.Address, CancellationToken.None);
        // Mallory answers but does not honour the expected address: she is refused by her own check first.
        var mallory = await Assert.ThrowsAsync<WireFormatException>(() => Handshake.RespondAsync(b, Mallory, Context, CancellationToken.None).WaitAsync(Limit));
        Assert.Equal(WireError.WrongPeer, mallory.Error);
        await Assert.ThrowsAsync<WireFormatException>(() => initiator.WaitAsync(Limit));
    }

    [Fact]
    public async Task A_responder_claiming_an_address_it_cannot_sign_for_is_refused()
    {
        // Mallory's node claims to be Bob: she relays Bob's address but can only sign with her own key.
        var (a, b) = PipePair.Create();
        var initiator = Handshake.InitiateAsync(a, Alice, Context, Bob.Address, CancellationToken.None);
        var (type, hello) = await ReadFrameAsync(b.Input);
        Assert.Equal(MessageType.Hello, type);
        var nonceI = new Bytes32(hello.AsSpan(2 + 32 + 20 + 20, 32));
        var nonceR = Keccak256.Hash("mallory nonce"u8);
        var forged = Mallory.Sign(Handshake.SigningDigest(HandshakeRole.Responder, Context, Alice.Address, Bob.Address, nonceI, nonceR));
        await WriteFrameAsync(b.Output, MessageType.HelloReply, Reply(Bob.Address, nonceR, forged.ToBytes()));
        var error = await Assert.ThrowsAsync<WireFormatException>(() => initiator.WaitAsync(Limit));
        Assert.Equal(WireError.BadHandshakeSignature, error.Error);
    }

    [Fact]
    public async Task A_recorded_reply_from_an_earlier_session_does_not_authenticate_a_new_one()
    {
        // Record a genuine session.
        var (a1, b1) = PipePair.Create();
        var tap = new TappedPipe(b1);
        var first = Handshake.InitiateAsync(a1, Alice, Context, Bob.Address, CancellationToken.None);
        await Handshake.RespondAsync(tap, Bob, Context, CancellationToken.None).WaitAsync(Limit);
        await first.WaitAsync(Limit);
        var recordedReply = tap.Written[0];

        // Replay Bob's recorded HELLO_REPLY to a fresh initiator: its nonce differs, so the signature fails.
        var (a2, b2) = PipePair.Create();
        var second = Handshake.InitiateAsync(a2, Alice, Context, Bob.Address, CancellationToken.None);
        await ReadFrameAsync(b2.Input);
        await b2.Output.WriteAsync(recordedReply);
        var error = await Assert.ThrowsAsync<WireFormatException>(() => second.WaitAsync(Limit));
        Assert.Equal(WireError.BadHandshakeSignature, error.Error);
    }

    [Fact]
    public async Task A_responder_signature_reflected_as_AUTH_is_refused()
    {
        // Mallory opens a connection to Bob claiming to be Alice, and reflects Bob's own signature back as AUTH.
        var (a, b) = PipePair.Create();
        var responder = Handshake.RespondAsync(b, Bob, Context, CancellationToken.None);
        var nonceI = Keccak256.Hash("nonce"u8);
        await WriteFrameAsync(a.Output, MessageType.Hello, Hello(Alice.Address, Bob.Address, nonceI));
        var (type, reply) = await ReadFrameAsync(a.Input);
        Assert.Equal(MessageType.HelloReply, type);
        var bobSignature = reply.AsSpan(2 + 20 + 32, 65).ToArray();
        await WriteFrameAsync(a.Output, MessageType.Auth, bobSignature);
        var error = await Assert.ThrowsAsync<WireFormatException>(() => responder.WaitAsync(Limit));
        Assert.Equal(WireError.BadHandshakeSignature, error.Error);
    }

    [Fact]
    public async Task Anything_but_the_handshake_first_is_refused_and_handshake_frames_are_small()
    {
        var (a, b) = PipePair.Create();
        var responder = Handshake.RespondAsync(b, Bob, Context, CancellationToken.None);
        await WriteFrameAsync(a.Output, MessageType.Update, new byte[10]);
        Assert.Equal(WireError.UnexpectedMessage, (await Assert.ThrowsAsync<WireFormatException>(() => responder.WaitAsync(Limit))).Error);

        var (c, d) = PipePair.Create();
        var second = Handshake.RespondAsync(d, Bob, Context, CancellationToken.None);
        await WriteFrameAsync(c.Output, MessageType.Hello, new byte[Handshake.MaxHandshakeFrameSize]);
        Assert.Equal(WireError.FrameTooLarge, (await Assert.ThrowsAsync<WireFormatException>(() => second.WaitAsync(Limit))).Error);

        var (e, f) = PipePair.Create();
        var third = Handshake.RespondAsync(f, Bob, Context, CancellationToken.None);
        var hello = Hello(Alice.Address, Address.Zero, Keccak256.Hash("n"u8));
        hello[1] = 1; // version 1: before the funding deadline travelled in PROPOSE
        await WriteFrameAsync(e.Output, MessageType.Hello, hello);
        Assert.Equal(WireError.VersionMismatch, (await Assert.ThrowsAsync<WireFormatException>(() => third.WaitAsync(Limit))).Error);

        var (g, h) = PipePair.Create();
        var fourth = Handshake.RespondAsync(h, Bob, Context, CancellationToken.None);
        var newer = Hello(Alice.Address, Address.Zero, Keccak256.Hash("m"u8));
        newer[1] = 3; // a future version
        await WriteFrameAsync(g.Output, MessageType.Hello, newer);
        Assert.Equal(WireError.VersionMismatch, (await Assert.ThrowsAsync<WireFormatException>(() => fourth.WaitAsync(Limit))).Error);
    }

    [Fact]
    public async Task A_silent_peer_is_cut_off_by_the_callers_timeout()
    {
        var (_, b) = PipePair.Create();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Handshake.RespondAsync(b, Bob, Context, timeout.Token).WaitAsync(Limit));
    }

    internal static byte[] Hello(Address initiator, Address expected, Bytes32 nonce)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new WireWriter(buffer);
        writer.WriteUInt16(Handshake.ProtocolVersion);
        writer.WriteFixed(Context.AsSpan());
        writer.WriteFixed(initiator.AsSpan());
        writer.WriteFixed(expected.AsSpan());
        writer.WriteFixed(nonce.AsSpan());
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Reply(Address responder, Bytes32 nonce, byte[] signature)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new WireWriter(buffer);
        writer.WriteUInt16(Handshake.ProtocolVersion);
        writer.WriteFixed(responder.AsSpan());
        writer.WriteFixed(nonce.AsSpan());
        writer.WriteFixed(signature);
        return buffer.WrittenSpan.ToArray();
    }

    internal static async Task WriteFrameAsync(PipeWriter output, MessageType type, byte[] payload)
    {
        FrameFormat.WriteFrame(output, type, payload);
        await output.FlushAsync();
    }

    internal static async Task<(MessageType Type, byte[] Payload)> ReadFrameAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (FrameFormat.TryReadFrame(ref buffer, 1 << 20, out var type, out var payload))
            {
                var bytes = payload.ToArray();
                input.AdvanceTo(buffer.Start);
                return ((MessageType)type, bytes);
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException();
            }
        }
    }

    /// <summary>Records every frame written through it (as raw bytes, prefix included).</summary>
    private sealed class TappedPipe(IDuplexPipe inner) : IDuplexPipe
    {
        private readonly RecordingWriter _output = new(inner.Output);

        public List<byte[]> Written => _output.Flushed;

        public PipeReader Input => inner.Input;

        public PipeWriter Output => _output;

        private sealed class RecordingWriter(PipeWriter inner) : PipeWriter
        {
            private readonly ArrayBufferWriter<byte> _pending = new();

            public List<byte[]> Flushed { get; } = [];

            public override void Advance(int bytes) => _pending.Advance(bytes);

            public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

            public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

            public override void CancelPendingFlush() => inner.CancelPendingFlush();

            public override void Complete(Exception? exception = null) => inner.Complete(exception);

            public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                var bytes = _pending.WrittenSpan.ToArray();
                _pending.Clear();
                Flushed.Add(bytes);
                await inner.WriteAsync(bytes, cancellationToken);
                return await inner.FlushAsync(cancellationToken);
            }
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Parley.Crypto;

namespace Parley.Transport;

/// <summary>Which end of a connection a handshake signature is made by (bound into the transcript).</summary>
public enum HandshakeRole : byte
{
    /// <summary>The end that opened the connection and sent HELLO.</summary>
    Initiator = 1,

    /// <summary>The end that accepted the connection and sent HELLO_REPLY.</summary>
    Responder = 2,
}

/// <summary>
/// The authenticated handshake (docs/wire-format.md, "Handshake"): each end proves control of its participant key
/// by signing a transcript that binds the protocol version, the network context, both addresses, both fresh 32-byte
/// nonces and its own role. Until it completes, a connection carries nothing but handshake frames (at most
/// <see cref="MaxHandshakeFrameSize"/> bytes each), so no unauthenticated peer can inject a channel message.
/// </summary>
/// <remarks>
/// <para>Exchange: initiator → HELLO(version, contextId, initiator, expectedResponder, nonceI); responder →
/// HELLO_REPLY(version, responder, nonceR, sigR); initiator → AUTH(sigI). Each signature is an EIP-191 personal
/// message signature (<see cref="PersonalMessage.Hash(ReadOnlySpan{byte})"/>) over <see cref="Transcript"/>, so it can
/// never be mistaken for an EIP-712 state signature or a transaction signature.</para>
/// <para>Replay: a recorded HELLO_REPLY or AUTH is useless in another session because the other side's nonce is
/// fresh; a responder signature cannot serve as an initiator signature (role byte); a signature for another chain or
/// adjudicator fails (context id). Scope: the handshake authenticates the peer when the connection opens; frames after
/// it are not individually authenticated, which matters only to an attacker able to hijack an established TCP
/// connection — every state in a channel message is signed anyway, so such an attacker can delay, drop or replay, not
/// forge. Run the transport over TLS or a VPN where on-path attackers are a concern.</para>
/// </remarks>
public static class Handshake
{
    /// <summary>
    /// The protocol version this implementation speaks: 2 (version 1 had no funding deadline in PROPOSE; peers of
    /// different versions refuse each other in the handshake with <see cref="WireError.VersionMismatch"/>).
    /// </summary>
    public const ushort ProtocolVersion = 2;

    /// <summary>The largest frame accepted before the handshake completes: 1 KiB.</summary>
    public const int MaxHandshakeFrameSize = 1024;

    private static ReadOnlySpan<byte> TranscriptTag => "Parley handshake v1"u8;

    /// <summary>
    /// The transcript a side signs: <c>"Parley handshake v1" ‖ version (2 bytes) ‖ role (1 byte) ‖ contextId (32) ‖
    /// initiator (20) ‖ responder (20) ‖ initiatorNonce (32) ‖ responderNonce (32)</c>.
    /// </summary>
    public static byte[] Transcript(HandshakeRole role, Bytes32 contextId, Address initiator, Address responder, Bytes32 initiatorNonce, Bytes32 responderNonce)
    {
        var buffer = new ArrayBufferWriter<byte>(TranscriptTag.Length + 2 + 1 + 32 + 20 + 20 + 32 + 32);
        var writer = new WireWriter(buffer);
        writer.WriteFixed(TranscriptTag);
        writer.WriteUInt16(ProtocolVersion);
        writer.WriteByte((byte)role);
        writer.WriteFixed(contextId.AsSpan());
        writer.WriteFixed(initiator.AsSpan());
        writer.WriteFixed(responder.AsSpan());
        writer.WriteFixed(initiatorNonce.AsSpan());
        writer.WriteFixed(responderNonce.AsSpan());
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The digest a side signs: the EIP-191 personal-message hash of <see cref="Transcript"/>.</summary>
    public static Bytes32 SigningDigest(HandshakeRole role, Bytes32 contextId, Address initiator, Address responder, Bytes32 initiatorNonce, Bytes32 responderNonce) =>
        PersonalMessage.Hash(Transcript(role, contextId, initiator, responder, initiatorNonce, responderNonce));

    /// <summary>Runs the initiator's side and returns the authenticated responder address.</summary>
    /// <param name="pipe">The connection.</param>
    /// <param name="key">This node's participant key.</param>
    /// <param name="contextId">This node's <see cref="NetworkContext.Id"/>.</param>
    /// <param name="expectedPeer">The address the initiator means to reach, or null to accept any responder.</param>
    /// <param name="cancellationToken">Cancels (the caller applies the handshake timeout through it).</param>
    /// <exception cref="WireFormatException">The responder broke the handshake; a GOODBYE was sent where possible.</exception>
    public static async Task<Address> InitiateAsync(IDuplexPipe pipe, PrivateKey key, Bytes32 contextId, Address? expectedPeer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(key);
        var initiatorNonce = FreshNonce();
        var hello = new ArrayBufferWriter<byte>(128);
        var writer = new WireWriter(hello);
        writer.WriteUInt16(ProtocolVersion);
        writer.WriteFixed(contextId.AsSpan());
        writer.WriteFixed(key.Address.AsSpan());
        writer.WriteFixed((expectedPeer ?? Address.Zero).AsSpan());
        writer.WriteFixed(initiatorNonce.AsSpan());
        await SendAsync(pipe.Output, MessageType.Hello, hello.WrittenMemory, cancellationToken).ConfigureAwait(false);

        try
        {
            var (type, payload) = await ReadHandshakeFrameAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (type != MessageType.HelloReply)
            {
                throw new WireFormatException(WireError.UnexpectedMessage, $"Expected HELLO_REPLY, got {Describe(type)}.");
            }
            Address responder;
            Bytes32 responderNonce;
            byte[] signature;
            {
                var reader = new WireReader(payload);
                var version = reader.ReadUInt16("version");
                if (version != ProtocolVersion)
                {
                    throw new WireFormatException(WireError.VersionMismatch, $"The responder speaks protocol version {version}, this node {ProtocolVersion}.");
                }
                responder = reader.ReadAddress("responder");
                responderNonce = reader.ReadBytes32("responderNonce");
                signature = reader.ReadFixed(Signature.Length, "signature").ToArray();
                reader.EnsureEnd("HELLO_REPLY");
            }
            if (expectedPeer is { } expected && expected != responder)
            {
                throw new WireFormatException(WireError.WrongPeer, $"Dialled {expected} but the responder is {responder}.");
            }
            Verify(signature, SigningDigest(HandshakeRole.Responder, contextId, key.Address, responder, initiatorNonce, responderNonce), responder, "responder");
            var mine = key.Sign(SigningDigest(HandshakeRole.Initiator, contextId, key.Address, responder, initiatorNonce, responderNonce));
            await SendAsync(pipe.Output, MessageType.Auth, mine.ToBytes(), cancellationToken).ConfigureAwait(false);
            return responder;
        }
        catch (WireFormatException e)
        {
            await TrySendGoodbyeAsync(pipe.Output, e.Error, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the responder's side and returns the authenticated initiator address.</summary>
    /// <param name="pipe">The connection.</param>
    /// <param name="key">This node's participant key.</param>
    /// <param name="contextId">This node's <see cref="NetworkContext.Id"/>.</param>
    /// <param name="cancellationToken">Cancels (the caller applies the handshake timeout through it).</param>
    /// <exception cref="WireFormatException">The initiator broke the handshake; a GOODBYE was sent where possible.</exception>
    public static async Task<Address> RespondAsync(IDuplexPipe pipe, PrivateKey key, Bytes32 contextId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            var (type, payload) = await ReadHandshakeFrameAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (type != MessageType.Hello)
            {
                throw new WireFormatException(WireError.UnexpectedMessage, $"Expected HELLO, got {Describe(type)}.");
            }
            Address initiator;
            Bytes32 initiatorNonce;
            {
                var reader = new WireReader(payload);
                var version = reader.ReadUInt16("version");
                if (version != ProtocolVersion)
                {
                    throw new WireFormatException(WireError.VersionMismatch, $"The initiator speaks protocol version {version}, this node {ProtocolVersion}.");
                }
                var context = reader.ReadBytes32("contextId");
                initiator = reader.ReadAddress("initiator");
                var expected = reader.ReadAddress("expectedResponder");
                initiatorNonce = reader.ReadBytes32("initiatorNonce");
                reader.EnsureEnd("HELLO");
                if (context != contextId)
                {
                    throw new WireFormatException(WireError.WrongNetwork, $"The initiator's context {context} differs from this node's {contextId} (another chain or adjudicator).");
                }
                if (!expected.IsZero && expected != key.Address)
                {
                    throw new WireFormatException(WireError.WrongPeer, $"The initiator asked for {expected}; this node is {key.Address}.");
                }
                if (initiator == key.Address)
                {
                    throw new WireFormatException(WireError.WrongPeer, "The initiator claims this node's own address.");
                }
            }
            var responderNonce = FreshNonce();
            var reply = new ArrayBufferWriter<byte>(128);
            var writer = new WireWriter(reply);
            writer.WriteUInt16(ProtocolVersion);
            writer.WriteFixed(key.Address.AsSpan());
            writer.WriteFixed(responderNonce.AsSpan());
            writer.WriteFixed(key.Sign(SigningDigest(HandshakeRole.Responder, contextId, initiator, key.Address, initiatorNonce, responderNonce)).ToBytes());
            await SendAsync(pipe.Output, MessageType.HelloReply, reply.WrittenMemory, cancellationToken).ConfigureAwait(false);

            (type, payload) = await ReadHandshakeFrameAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (type != MessageType.Auth)
            {
                throw new WireFormatException(WireError.UnexpectedMessage, $"Expected AUTH, got {Describe(type)}.");
            }
            {
                var reader = new WireReader(payload);
                var signature = reader.ReadFixed(Signature.Length, "signature").ToArray();
                reader.EnsureEnd("AUTH");
                Verify(signature, SigningDigest(HandshakeRole.Initiator, contextId, initiator, key.Address, initiatorNonce, responderNonce), initiator, "initiator");
            }
            return initiator;
        }
        catch (WireFormatException e)
        {
            await TrySendGoodbyeAsync(pipe.Output, e.Error, e.Message).ConfigureAwait(false);
            throw;
        }
    }

    private static void Verify(byte[] signatureBytes, Bytes32 digest, Address claimed, string who)
    {
        if (!Signature.TryFromBytes(signatureBytes, out var signature, out var parseError))
        {
            throw new WireFormatException(WireError.BadHandshakeSignature, $"The {who}'s handshake signature is malformed ({parseError}).");
        }
        if (!signature.IsLowS)
        {
            throw new WireFormatException(WireError.BadHandshakeSignature, $"The {who}'s handshake signature has a high s (EIP-2).");
        }
        if (!Secp256k1.Default.TryRecover(digest, signature, out var signer) || signer != claimed)
        {
            throw new WireFormatException(WireError.BadHandshakeSignature, $"The {who}'s handshake signature does not recover to {claimed}.");
        }
    }

    private static Bytes32 FreshNonce()
    {
        Span<byte> nonce = stackalloc byte[32];
        RandomNumberGenerator.Fill(nonce);
        return new Bytes32(nonce);
    }

    private static string Describe(MessageType type) =>
        Enum.IsDefined(type) ? type.ToString().ToUpperInvariant() : $"unknown type 0x{(byte)type:x2}";

    private static async Task<(MessageType Type, byte[] Payload)> ReadHandshakeFrameAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameFormat.TryReadFrame(ref buffer, MaxHandshakeFrameSize, out var type, out var payload))
            {
                var bytes = payload.ToArray();
                input.AdvanceTo(buffer.Start);
                if ((MessageType)type == MessageType.Goodbye)
                {
                    throw new WireFormatException(WireError.ConnectionLost, "The peer closed the handshake: " + GoodbyeMessage.Describe(bytes));
                }
                return ((MessageType)type, bytes);
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new WireFormatException(WireError.ConnectionLost, "The connection ended during the handshake.");
            }
        }
    }

    private static async Task SendAsync(PipeWriter output, MessageType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        FrameFormat.WriteFrame(output, type, payload.Span);
        var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new WireFormatException(WireError.ConnectionLost, "The connection closed during the handshake.");
        }
    }

    internal static async Task TrySendGoodbyeAsync(PipeWriter output, WireError error, string reason)
    {
        try
        {
            FrameFormat.WriteFrame(output, MessageType.Goodbye, GoodbyeMessage.Encode(error, reason));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await output.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The peer is gone or not reading: the close itself tells it enough.
        }
    }
}

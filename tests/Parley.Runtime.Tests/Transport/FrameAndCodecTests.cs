using System.Buffers;
using System.Buffers.Binary;
using Parley.Channels;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Transport;

namespace Parley.Runtime.Tests.Transport;

public sealed class FrameAndCodecTests
{
    private static readonly PrivateKey Key = PrivateKey.Parse("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static readonly Bytes32 Channel = Keccak256.Hash("channel"u8);

    internal static Outcome SampleOutcome() =>
        new(new AssetOutcome(Address.Zero, [new UInt256(0, 0, 0, 5), new UInt256(0, 0, 0, 7)]));

    internal static IEnumerable<ChannelMessage> SampleMessages()
    {
        var signature = Key.Sign(Keccak256.Hash("state"u8)).ToBytes();
        yield return new UpdateMessage(Channel, 42, true, Keccak256.Hash("parent"u8), [1, 2, 3, 4], [9, 9], SampleOutcome(), signature);
        yield return new CountersignMessage(Channel, (1UL << 48) - 1, Keccak256.Hash("s"u8), signature);
        yield return new ConcludeMessage(Channel, 7, Keccak256.Hash("p"u8), signature);
        yield return new AckMessage(Channel, 0);
        yield return new RejectMessage(Channel, 3, RejectionReason.WrongMover, "not your turn — ✓");
        yield return new SyncMessage(Channel, true, 10, 8);
        yield return new SyncMessage(Channel, false, 0, 0);
        yield return new ProposeMessage(Protocol.TestKeys.TwoParty(), "TicTacToe", [1, 2, 3], SampleOutcome(), signature, 1_767_225_600);
    }

    private static byte[] Frame(ChannelMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ChannelMessageCodec.WriteFrame(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Every_channel_message_round_trips_through_a_frame()
    {
        foreach (var message in SampleMessages())
        {
            var bytes = Frame(message);
            var sequence = new ReadOnlySequence<byte>(bytes);
            Assert.True(FrameFormat.TryReadFrame(ref sequence, FrameFormat.DefaultMaxFrameSize, out var type, out var payload));
            Assert.True(sequence.IsEmpty);
            Assert.Equal((byte)ChannelMessageCodec.TypeOf(message), type);
            var decoded = ChannelMessageCodec.Decode(type, payload);
            Assert.Equal(ChannelMessageCodec.EncodePayload(message), ChannelMessageCodec.EncodePayload(decoded));
            Assert.Equal(message.GetType(), decoded.GetType());
            Assert.Equal(message.ChannelId, decoded.ChannelId);
        }
    }

    [Fact]
    public void A_proposal_round_trips_with_its_funding_deadline_and_any_u64_decodes_for_the_core_to_judge()
    {
        var signature = Key.Sign(Keccak256.Hash("state"u8)).ToBytes();
        foreach (var deadline in new[] { 0UL, 1UL, (1UL << 48) - 1, 1UL << 48, ulong.MaxValue })
        {
            var message = new ProposeMessage(Protocol.TestKeys.TwoParty(7), "TicTacToe", [9], SampleOutcome(), signature, deadline);
            var payload = ChannelMessageCodec.EncodePayload(message);
            // The deadline is the last field: 8 bytes big-endian after the signature.
            Assert.Equal(deadline, BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(payload.Length - 8)));
            Assert.Equal(signature, payload.AsSpan(payload.Length - 8 - 65, 65).ToArray());
            var decoded = Assert.IsType<ProposeMessage>(ChannelMessageCodec.Decode((byte)MessageType.Propose, payload));
            Assert.Equal(deadline, decoded.FundingDeadline);
            Assert.Equal(message.FixedPart.ChannelId, decoded.ChannelId);
            Assert.Equal("TicTacToe", decoded.App);
            Assert.Equal(signature, decoded.Signature);
            // A version-1 PROPOSE (no deadline) is truncated for this version.
            Assert.Equal(WireError.Truncated,
                Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode((byte)MessageType.Propose, payload.AsSpan(0, payload.Length - 8))).Error);
        }
    }

    [Fact]
    public void A_partial_frame_waits_for_more_bytes_and_consecutive_frames_split_cleanly()
    {
        var one = Frame(new AckMessage(Channel, 1));
        var two = Frame(new AckMessage(Channel, 2));
        var both = one.Concat(two).ToArray();
        for (var cut = 0; cut < one.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(both, 0, cut);
            Assert.False(FrameFormat.TryReadFrame(ref partial, 1024, out _, out _));
        }
        var all = new ReadOnlySequence<byte>(both);
        Assert.True(FrameFormat.TryReadFrame(ref all, 1024, out var t1, out var p1));
        Assert.True(FrameFormat.TryReadFrame(ref all, 1024, out var t2, out var p2));
        Assert.Equal(1UL, ((AckMessage)ChannelMessageCodec.Decode(t1, p1)).TurnNum);
        Assert.Equal(2UL, ((AckMessage)ChannelMessageCodec.Decode(t2, p2)).TurnNum);
        Assert.True(all.IsEmpty);
    }

    [Fact]
    public void An_oversized_length_prefix_is_refused_before_its_body_arrives()
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, 1025);
        var sequence = new ReadOnlySequence<byte>(prefix);
        var error = Assert.Throws<WireFormatException>(() => FrameFormat.TryReadFrame(ref sequence, 1024, out _, out _));
        Assert.Equal(WireError.FrameTooLarge, error.Error);

        var empty = new ReadOnlySequence<byte>(new byte[4]);
        Assert.Equal(WireError.EmptyFrame, Assert.Throws<WireFormatException>(() => FrameFormat.TryReadFrame(ref empty, 1024, out _, out _)).Error);
    }

    [Fact]
    public void Decoding_is_strict_about_truncation_trailing_bytes_and_field_values()
    {
        foreach (var message in SampleMessages())
        {
            var type = (byte)ChannelMessageCodec.TypeOf(message);
            var payload = ChannelMessageCodec.EncodePayload(message);
            for (var cut = 0; cut < payload.Length; cut++)
            {
                var truncated = Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode(type, payload.AsSpan(0, cut)));
                Assert.True(truncated.Error is WireError.Truncated or WireError.InvalidField, $"{message.GetType().Name} cut at {cut}: {truncated.Error}");
            }
            var longer = payload.Append((byte)0).ToArray();
            Assert.Equal(WireError.TrailingBytes, Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode(type, longer)).Error);
        }

        var update = ChannelMessageCodec.EncodePayload(SampleMessages().OfType<UpdateMessage>().First());
        update[32 + 6] = 2; // isFinal must be 0 or 1
        Assert.Equal(WireError.InvalidField, Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode((byte)MessageType.Update, update)).Error);

        var reject = ChannelMessageCodec.EncodePayload(new RejectMessage(Channel, 1, RejectionReason.HighS, ""));
        reject[32 + 6] = 0xEE;
        Assert.Equal(WireError.InvalidField, Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode((byte)MessageType.Reject, reject)).Error);

        Assert.Equal(WireError.UnknownMessageType, Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode(0x7f, [])).Error);
        Assert.Equal(WireError.UnknownMessageType, Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode((byte)MessageType.Ping, new byte[8])).Error);
    }

    [Fact]
    public void An_outcome_that_is_not_canonical_abi_is_an_invalid_field()
    {
        var message = SampleMessages().OfType<UpdateMessage>().First();
        var payload = ChannelMessageCodec.EncodePayload(message);
        var outcome = message.Outcome.Encode();
        var at = payload.AsSpan().IndexOf(outcome);
        Assert.True(at > 0);
        payload[at + 31] = 0x40; // the leading offset word of abi.encode must be 0x20
        var error = Assert.Throws<WireFormatException>(() => ChannelMessageCodec.Decode((byte)MessageType.Update, payload));
        Assert.Equal(WireError.InvalidField, error.Error);
        Assert.Contains("outcome", error.Message);
    }

    [Fact]
    public void Writing_refuses_signatures_that_are_not_65_bytes_and_turnNums_beyond_uint48()
    {
        Assert.Throws<ArgumentException>(() => Frame(new CountersignMessage(Channel, 1, Bytes32.Zero, new byte[64])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Frame(new AckMessage(Channel, 1UL << 48)));
    }
}

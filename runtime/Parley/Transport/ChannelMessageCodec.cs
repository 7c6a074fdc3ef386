using System.Buffers;
using Parley.Protocol;

namespace Parley.Transport;

/// <summary>
/// Encodes and decodes the channel messages of docs/wire-format.md ("Channel messages"). Decoding is strict: a
/// truncated payload, trailing bytes, an out-of-range field or an unknown type throws <see cref="WireFormatException"/>
/// and nothing is returned. Decoding checks form only; the protocol core validates content (signatures, turns, rules).
/// </summary>
public static partial class ChannelMessageCodec
{
    /// <summary>The largest action, appData or ABI-encoded outcome accepted in a message: 256 KiB each.</summary>
    public const int MaxFieldLength = 256 * 1024;

    /// <summary>The frame type of a message.</summary>
    /// <exception cref="ArgumentException">The message is of a type this codec does not know.</exception>
    public static MessageType TypeOf(ChannelMessage message) => message switch
    {
        ProposeMessage => MessageType.Propose,
        UpdateMessage => MessageType.Update,
        CountersignMessage => MessageType.Countersign,
        ConcludeMessage => MessageType.Conclude,
        AckMessage => MessageType.Ack,
        RejectMessage => MessageType.Reject,
        SyncMessage => MessageType.Sync,
        _ => throw new ArgumentException($"No wire encoding for {message?.GetType().Name ?? "null"}.", nameof(message)),
    };

    /// <summary>Writes a message as one complete frame (length prefix, type byte, payload).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The message.</param>
    /// <exception cref="ArgumentException">The message cannot be encoded (unknown type, a field too long, a signature not 65 bytes).</exception>
    public static void WriteFrame(IBufferWriter<byte> output, ChannelMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var payload = new ArrayBufferWriter<byte>(256);
        WritePayload(new WireWriter(payload), message);
        FrameFormat.WriteFrame(output, TypeOf(message), payload.WrittenSpan);
    }

    /// <summary>The payload bytes of a message (without length prefix and type byte).</summary>
    /// <exception cref="ArgumentException">As <see cref="WriteFrame"/>.</exception>
    public static byte[] EncodePayload(ChannelMessage message)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        WritePayload(new WireWriter(payload), message);
        return payload.WrittenSpan.ToArray();
    }

    private static void WritePayload(WireWriter writer, ChannelMessage message)
    {
        switch (message)
        {
            case ProposeMessage propose:
                WritePropose(writer, propose);
                break;
            case UpdateMessage update:
                WriteUpdate(writer, update);
                break;
            case CountersignMessage countersign:
                writer.WriteFixed(countersign.ChannelId.AsSpan());
                writer.WriteTurnNum(countersign.TurnNum);
                writer.WriteFixed(countersign.StateHash.AsSpan());
                WriteSignature(writer, countersign.Signature);
                break;
            case ConcludeMessage conclude:
                writer.WriteFixed(conclude.ChannelId.AsSpan());
                writer.WriteTurnNum(conclude.TurnNum);
                writer.WriteFixed(conclude.ParentHash.AsSpan());
                WriteSignature(writer, conclude.Signature);
                break;
            case AckMessage ack:
                writer.WriteFixed(ack.ChannelId.AsSpan());
                writer.WriteTurnNum(ack.TurnNum);
                break;
            case RejectMessage reject:
                writer.WriteFixed(reject.ChannelId.AsSpan());
                writer.WriteTurnNum(reject.TurnNum);
                writer.WriteByte((byte)reject.Reason);
                writer.WriteString(reject.Detail.Length > GoodbyeMessage.MaxReasonLength ? reject.Detail[..GoodbyeMessage.MaxReasonLength] : reject.Detail);
                break;
            case SyncMessage sync:
                writer.WriteFixed(sync.ChannelId.AsSpan());
                writer.WriteBool(sync.Known);
                writer.WriteTurnNum(sync.LatestTurnNum);
                writer.WriteTurnNum(sync.LatestFullySignedTurn);
                break;
            default:
                throw new ArgumentException($"No wire encoding for {message?.GetType().Name ?? "null"}.", nameof(message));
        }
    }

    private static void WriteSignature(WireWriter writer, byte[] signature)
    {
        if (signature is not { Length: Crypto.Signature.Length })
        {
            throw new ArgumentException($"A signature field is exactly {Crypto.Signature.Length} bytes, got {signature?.Length}.", nameof(signature));
        }
        writer.WriteFixed(signature);
    }

    private static void WriteVariable(WireWriter writer, byte[] bytes, string field)
    {
        if (bytes.Length > MaxFieldLength)
        {
            throw new ArgumentException($"Field '{field}' holds {bytes.Length} bytes; at most {MaxFieldLength} are sent.", field);
        }
        writer.WriteBytes(bytes);
    }

    /// <summary>Decodes the payload of a channel-message frame.</summary>
    /// <param name="type">The frame's type byte.</param>
    /// <param name="payload">The frame's payload.</param>
    /// <exception cref="WireFormatException">
    /// <see cref="WireError.UnknownMessageType"/> for a type that is not a channel message, or the specific error of
    /// the first field that is wrong.
    /// </exception>
    public static ChannelMessage Decode(byte type, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ChannelMessage message;
        switch ((MessageType)type)
        {
            case MessageType.Propose:
                message = ReadPropose(ref reader);
                break;
            case MessageType.Update:
                message = ReadUpdate(ref reader);
                break;
            case MessageType.Countersign:
                message = new CountersignMessage(reader.ReadBytes32("channelId"), reader.ReadTurnNum("turnNum"),
                    reader.ReadBytes32("stateHash"), reader.ReadFixed(Crypto.Signature.Length, "signature").ToArray());
                break;
            case MessageType.Conclude:
                message = new ConcludeMessage(reader.ReadBytes32("channelId"), reader.ReadTurnNum("turnNum"),
                    reader.ReadBytes32("parentHash"), reader.ReadFixed(Crypto.Signature.Length, "signature").ToArray());
                break;
            case MessageType.Ack:
                message = new AckMessage(reader.ReadBytes32("channelId"), reader.ReadTurnNum("turnNum"));
                break;
            case MessageType.Reject:
            {
                var channelId = reader.ReadBytes32("channelId");
                var turnNum = reader.ReadTurnNum("turnNum");
                var reason = (RejectionReason)reader.ReadByte("reason");
                if (!Enum.IsDefined(reason))
                {
                    throw new WireFormatException(WireError.InvalidField, $"Field 'reason' holds unknown rejection code {(byte)reason}.");
                }
                message = new RejectMessage(channelId, turnNum, reason, reader.ReadString("detail"));
                break;
            }
            case MessageType.Sync:
                message = new SyncMessage(reader.ReadBytes32("channelId"), reader.ReadBool("known"), reader.ReadTurnNum("latestTurnNum"),
                    reader.ReadTurnNum("latestFullySignedTurn"));
                break;
            default:
                throw new WireFormatException(WireError.UnknownMessageType, $"Type 0x{type:x2} is not a channel message.");
        }
        reader.EnsureEnd(((MessageType)type).ToString().ToUpperInvariant());
        return message;
    }

    /// <summary>Decodes a channel-message frame payload given as a sequence (copied once if it spans segments).</summary>
    /// <exception cref="WireFormatException">As <see cref="Decode(byte, ReadOnlySpan{byte})"/>.</exception>
    public static ChannelMessage Decode(byte type, in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Decode(type, payload.FirstSpan);
        }
        var length = checked((int)payload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Decode(type, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace Parley.Transport;

/// <summary>
/// Parley's framing (docs/wire-format.md, "Frames"): every frame is a 4-byte big-endian unsigned length
/// <c>L</c> followed by <c>L</c> bytes of body; the body's first byte is the <see cref="MessageType"/>, the rest its
/// payload. 1 ≤ <c>L</c> ≤ the receiver's maximum frame size.
/// </summary>
public static class FrameFormat
{
    /// <summary>The size of the length prefix in bytes: 4.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>The default maximum body size: 1 MiB.</summary>
    public const int DefaultMaxFrameSize = 1 << 20;

    /// <summary>The smallest maximum frame size a transport may be configured with: 1 KiB.</summary>
    public const int MinMaxFrameSize = 1 << 10;

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/> if it holds one.
    /// </summary>
    /// <param name="buffer">The received bytes; on success, advanced past the frame.</param>
    /// <param name="maxFrameSize">The largest body accepted, in bytes.</param>
    /// <param name="type">The frame's message type byte (not validated here).</param>
    /// <param name="payload">The frame's payload (the body after the type byte), a slice of <paramref name="buffer"/>.</param>
    /// <returns>True if a frame was taken; false if more bytes are needed.</returns>
    /// <exception cref="WireFormatException">
    /// <see cref="WireError.FrameTooLarge"/> as soon as a length prefix above <paramref name="maxFrameSize"/> is seen
    /// (without waiting for the body), or <see cref="WireError.EmptyFrame"/> for a length of 0.
    /// </exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out byte type, out ReadOnlySequence<byte> payload)
    {
        type = 0;
        payload = default;
        if (buffer.Length < LengthPrefixSize)
        {
            return false;
        }
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        buffer.Slice(0, LengthPrefixSize).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0)
        {
            throw new WireFormatException(WireError.EmptyFrame, "Frame with length 0: every frame carries at least its type byte.");
        }
        if (length > (uint)maxFrameSize)
        {
            throw new WireFormatException(WireError.FrameTooLarge, $"Frame of {length} bytes exceeds the limit of {maxFrameSize} bytes.");
        }
        if (buffer.Length < LengthPrefixSize + length)
        {
            return false;
        }
        var body = buffer.Slice(LengthPrefixSize, length);
        type = body.FirstSpan[0];
        payload = body.Slice(1);
        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>Writes a frame: the length prefix, the type byte and the payload.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="type">The message type.</param>
    /// <param name="payload">The payload.</param>
    public static void WriteFrame(IBufferWriter<byte> output, MessageType type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(LengthPrefixSize + 1 + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(1 + payload.Length));
        span[LengthPrefixSize] = (byte)type;
        payload.CopyTo(span[(LengthPrefixSize + 1)..]);
        output.Advance(LengthPrefixSize + 1 + payload.Length);
    }
}

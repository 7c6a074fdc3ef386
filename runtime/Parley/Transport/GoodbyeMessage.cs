using System.Buffers;

namespace Parley.Transport;

/// <summary>
/// The GOODBYE payload: <c>code (1 byte, a <see cref="WireError"/>) ‖ reason (string: 2-byte length ‖ UTF-8)</c>.
/// Sent before a side closes a connection because of an error, so the other side can log why.
/// </summary>
public static class GoodbyeMessage
{
    /// <summary>The longest reason sent, in characters (longer reasons are cut).</summary>
    public const int MaxReasonLength = 512;

    /// <summary>Encodes a GOODBYE payload.</summary>
    public static byte[] Encode(WireError error, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var buffer = new ArrayBufferWriter<byte>(16 + reason.Length);
        var writer = new WireWriter(buffer);
        writer.WriteByte((byte)error);
        writer.WriteString(reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a GOODBYE payload.</summary>
    /// <exception cref="WireFormatException">The payload is malformed.</exception>
    public static (WireError Error, string Reason) Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var error = (WireError)reader.ReadByte("code");
        var reason = reader.ReadString("reason");
        reader.EnsureEnd("GOODBYE");
        return (error, reason);
    }

    /// <summary>A printable description of a GOODBYE payload, even a malformed one.</summary>
    public static string Describe(ReadOnlySpan<byte> payload)
    {
        try
        {
            var (error, reason) = Decode(payload);
            return $"{error}: {reason}";
        }
        catch (WireFormatException)
        {
            return "(malformed GOODBYE)";
        }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Parley.Transport;

/// <summary>
/// Reads the field encodings of docs/wire-format.md from a payload, strictly: every read checks that the bytes are
/// there, and <see cref="EnsureEnd"/> refuses trailing bytes. Failures throw <see cref="WireFormatException"/> naming
/// the field.
/// </summary>
public ref struct WireReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    /// <summary>Creates a reader over a payload.</summary>
    public WireReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _position = 0;
    }

    /// <summary>The number of unread bytes.</summary>
    public readonly int Remaining => _payload.Length - _position;

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new WireFormatException(WireError.Truncated, $"Field '{field}' needs {count} bytes, {Remaining} remain.");
        }
        var slice = _payload.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>One byte.</summary>
    public byte ReadByte(string field) => Take(1, field)[0];

    /// <summary>A bool: exactly 0 or 1.</summary>
    public bool ReadBool(string field) => ReadByte(field) switch
    {
        0 => false,
        1 => true,
        var other => throw new WireFormatException(WireError.InvalidField, $"Field '{field}' is a bool and must be 0 or 1, got {other}."),
    };

    /// <summary>A 16-bit unsigned integer, big-endian.</summary>
    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field));

    /// <summary>A 32-bit unsigned integer, big-endian.</summary>
    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field));

    /// <summary>A 64-bit unsigned integer, big-endian.</summary>
    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, field));

    /// <summary>A turnNum: 6 bytes big-endian.</summary>
    public ulong ReadTurnNum(string field)
    {
        var bytes = Take(6, field);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = value << 8 | b;
        }
        return value;
    }

    /// <summary>A fixed-size field of <paramref name="length"/> bytes (a slice of the payload, not copied).</summary>
    public ReadOnlySpan<byte> ReadFixed(int length, string field) => Take(length, field);

    /// <summary>A 32-byte hash or id.</summary>
    public Bytes32 ReadBytes32(string field) => new(Take(Bytes32.Length, field));

    /// <summary>A 20-byte address.</summary>
    public Address ReadAddress(string field) => new(Take(Address.Length, field));

    /// <summary>A variable-length byte string (4-byte length, then the bytes), copied.</summary>
    /// <param name="field">The field name for errors.</param>
    /// <param name="maxLength">The largest length accepted.</param>
    public byte[] ReadBytes(string field, int maxLength = int.MaxValue)
    {
        var length = ReadUInt32(field + ".length");
        if (length > (uint)Remaining || length > (uint)maxLength)
        {
            throw new WireFormatException(length > (uint)Remaining ? WireError.Truncated : WireError.InvalidField,
                $"Field '{field}' claims {length} bytes; {Remaining} remain, at most {maxLength} allowed.");
        }
        return Take((int)length, field).ToArray();
    }

    /// <summary>A string (2-byte length, then strict UTF-8).</summary>
    public string ReadString(string field)
    {
        var bytes = Take(ReadUInt16(field + ".length"), field);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WireFormatException(WireError.InvalidField, $"Field '{field}' is not valid UTF-8.");
        }
    }

    /// <summary>Refuses unread bytes.</summary>
    /// <param name="message">The message name for the error.</param>
    public readonly void EnsureEnd(string message)
    {
        if (Remaining != 0)
        {
            throw new WireFormatException(WireError.TrailingBytes, $"{message} has {Remaining} bytes after its last field.");
        }
    }
}

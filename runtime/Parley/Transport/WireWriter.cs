using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Parley.Transport;

/// <summary>
/// Writes the field encodings of docs/wire-format.md into an <see cref="IBufferWriter{T}"/>: big-endian integers,
/// fixed-size byte strings written as-is, variable-length byte strings prefixed by a 4-byte length, strings as a
/// 2-byte length and UTF-8.
/// </summary>
public readonly struct WireWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public WireWriter(IBufferWriter<byte> output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>One byte.</summary>
    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    /// <summary>A bool as one byte, 0 or 1.</summary>
    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>A 16-bit unsigned integer, big-endian.</summary>
    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    /// <summary>A 32-bit unsigned integer, big-endian.</summary>
    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    /// <summary>A 64-bit unsigned integer, big-endian.</summary>
    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    /// <summary>A turnNum: 6 bytes big-endian (Solidity uint48).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is ≥ 2^48.</exception>
    public void WriteTurnNum(ulong value)
    {
        if (value >> 48 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A turnNum is a uint48.");
        }
        var span = _output.GetSpan(6);
        for (var i = 5; i >= 0; i--)
        {
            span[i] = (byte)value;
            value >>= 8;
        }
        _output.Advance(6);
    }

    /// <summary>Bytes written as-is (a fixed-size field: 20-byte address, 32-byte hash, 65-byte signature).</summary>
    public void WriteFixed(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>A variable-length byte string: 4-byte big-endian length, then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        WriteFixed(bytes);
    }

    /// <summary>A string: 2-byte big-endian length of its UTF-8 encoding, then the UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">The UTF-8 encoding is longer than 65,535 bytes.</exception>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A wire string holds at most 65,535 UTF-8 bytes, got {length}.", nameof(value));
        }
        WriteUInt16((ushort)length);
        Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(length);
    }
}

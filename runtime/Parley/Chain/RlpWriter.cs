using System.Buffers.Binary;

namespace Parley.Chain;

/// <summary>
/// Writes Recursive Length Prefix data (Ethereum Yellow Paper, appendix B), always in canonical form: a single byte
/// below 0x80 is itself; a string of up to 55 bytes is <c>0x80 + length</c> then the bytes; a longer string is
/// <c>0xb7 + n</c>, the length in n big-endian bytes without leading zeros, then the bytes; lists likewise with
/// <c>0xc0</c> / <c>0xf7</c> over the concatenated encodings of their items. Integers (scalars) are strings holding the
/// big-endian value without leading zero bytes, zero being the empty string (<c>0x80</c>).
/// </summary>
/// <remarks>
/// Lists are written between <see cref="BeginList"/> and <see cref="EndList"/>; the header is inserted when the list is
/// closed (one move of the list's bytes), so a writer needs no precomputed lengths. Not thread-safe.
/// </remarks>
public sealed class RlpWriter
{
    private readonly Stack<int> _openLists = new();
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer.</summary>
    /// <param name="capacity">The initial buffer size in bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public RlpWriter(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _buffer = new byte[Math.Max(capacity, 16)];
    }

    /// <summary>The number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>Writes a raw byte outside RLP, e.g. the EIP-2718 transaction type before the payload; only at the top
    /// level.</summary>
    /// <exception cref="InvalidOperationException">A list is open.</exception>
    public void WriteRawByte(byte value)
    {
        if (_openLists.Count > 0)
        {
            throw new InvalidOperationException("A raw byte can only be written outside RLP lists.");
        }
        Reserve(1)[0] = value;
    }

    /// <summary>Writes a byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80)
        {
            Reserve(1)[0] = value[0];
            return;
        }
        var header = Header(0x80, value.Length, stackalloc byte[9]);
        var target = Reserve(header.Length + value.Length);
        header.CopyTo(target);
        value.CopyTo(target[header.Length..]);
    }

    /// <summary>Writes an unsigned integer: its big-endian bytes without leading zeros (0 is the empty string).</summary>
    public void WriteUInt(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        WriteBytes(bytes[(8 - ByteLength(value))..]);
    }

    /// <summary>Writes a 256-bit unsigned integer: its big-endian bytes without leading zeros (0 is the empty string).</summary>
    public void WriteUInt(UInt256 value)
    {
        Span<byte> bytes = stackalloc byte[32];
        value.WriteBigEndian(bytes);
        var first = bytes.IndexOfAnyExcept((byte)0);
        WriteBytes(first < 0 ? [] : bytes[first..]);
    }

    /// <summary>Writes a 20-byte address as a 20-byte string.</summary>
    public void WriteAddress(Address value) => WriteBytes(value.AsSpan());

    /// <summary>Writes a 32-byte value (a hash, a storage key) as a 32-byte string.</summary>
    public void WriteBytes32(Bytes32 value) => WriteBytes(value.AsSpan());

    /// <summary>Opens a list; the items written until the matching <see cref="EndList"/> are its contents.</summary>
    public void BeginList() => _openLists.Push(_length);

    /// <summary>Closes the innermost open list, inserting its header.</summary>
    /// <exception cref="InvalidOperationException">No list is open.</exception>
    public void EndList()
    {
        if (!_openLists.TryPop(out var start))
        {
            throw new InvalidOperationException("EndList without a matching BeginList.");
        }
        var payload = _length - start;
        var header = Header(0xc0, payload, stackalloc byte[9]);
        Reserve(header.Length);
        Array.Copy(_buffer, start, _buffer, start + header.Length, payload);
        header.CopyTo(_buffer.AsSpan(start));
    }

    /// <summary>The bytes written, as a new array.</summary>
    /// <exception cref="InvalidOperationException">A list is still open.</exception>
    public byte[] ToArray()
    {
        if (_openLists.Count > 0)
        {
            throw new InvalidOperationException($"{_openLists.Count} RLP list(s) are still open.");
        }
        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <summary>RLP of a single byte string (convenience).</summary>
    public static byte[] EncodeBytes(ReadOnlySpan<byte> value)
    {
        var w = new RlpWriter(value.Length + 9);
        w.WriteBytes(value);
        return w.ToArray();
    }

    private static int ByteLength(ulong value) => value == 0 ? 0 : (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 7) / 8;

    private static ReadOnlySpan<byte> Header(byte shortBase, int length, Span<byte> scratch)
    {
        if (length <= 55)
        {
            scratch[0] = (byte)(shortBase + length);
            return scratch[..1];
        }
        var n = ByteLength((ulong)length);
        scratch[0] = (byte)(shortBase + 55 + n);
        Span<byte> big = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(big, (ulong)length);
        big[(8 - n)..].CopyTo(scratch[1..]);
        return scratch[..(1 + n)];
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}

namespace Parley.Chain;

/// <summary>
/// Reads Recursive Length Prefix data (Ethereum Yellow Paper, appendix B) strictly: only the canonical encoding
/// <see cref="RlpWriter"/> produces is accepted. Each read consumes one item from the front; lists are read by
/// <see cref="ReadList"/>, which returns a reader over the list's contents.
/// </summary>
/// <remarks>
/// Refused, each with an <see cref="RlpException"/> naming the field and the byte offset: a header or payload running
/// past the end; a long-form length of at most 55; a length with a leading zero byte (or too large for 32 bits); a
/// single byte below 0x80 encoded as a one-byte string (<c>0x81 0x05</c>); a list where a string is expected or the
/// reverse; integers with a leading zero byte or wider than the target type; fixed-size values (addresses, hashes) of
/// another length; and, through <see cref="EnsureAtEnd"/>, bytes left over.
/// </remarks>
public ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    /// <param name="data">The RLP bytes (a sequence of items; usually exactly one).</param>
    /// <param name="baseOffset">The offset of <paramref name="data"/> in the original input, for error messages.</param>
    public RlpReader(ReadOnlySpan<byte> data, int baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
        _position = 0;
    }

    /// <summary>Whether every item has been read.</summary>
    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>The offset of the next item in the original input.</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>Reads a byte string.</summary>
    /// <param name="field">The field's name, for error messages.</param>
    /// <exception cref="RlpException">The next item is missing, a list, or not canonical.</exception>
    public ReadOnlySpan<byte> ReadBytes(string field)
    {
        var (isList, payloadStart, payloadLength) = ReadHeader(field);
        if (isList)
        {
            throw new RlpException(field, _baseOffset + payloadStart, "expected a byte string, got a list");
        }
        return _data.Slice(payloadStart, payloadLength);
    }

    /// <summary>Reads a list and returns a reader over its items.</summary>
    /// <param name="field">The field's name, for error messages.</param>
    /// <exception cref="RlpException">The next item is missing, a string, or not canonical.</exception>
    public RlpReader ReadList(string field)
    {
        var start = Offset;
        var (isList, payloadStart, payloadLength) = ReadHeader(field);
        if (!isList)
        {
            throw new RlpException(field, start, "expected a list, got a byte string");
        }
        return new RlpReader(_data.Slice(payloadStart, payloadLength), _baseOffset + payloadStart);
    }

    /// <summary>Reads an unsigned integer of at most 64 bits (canonical: no leading zero byte; 0 is the empty string).</summary>
    /// <exception cref="RlpException">Not a canonical integer, or wider than 8 bytes.</exception>
    public ulong ReadUInt64(string field)
    {
        var offset = Offset;
        var bytes = IntegerBytes(field, 8, offset);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }
        return value;
    }

    /// <summary>Reads an unsigned integer of at most 256 bits (canonical: no leading zero byte; 0 is the empty string).</summary>
    /// <exception cref="RlpException">Not a canonical integer, or wider than 32 bytes.</exception>
    public UInt256 ReadUInt256(string field)
    {
        var offset = Offset;
        var bytes = IntegerBytes(field, 32, offset);
        Span<byte> word = stackalloc byte[32];
        word.Clear();
        bytes.CopyTo(word[(32 - bytes.Length)..]);
        return UInt256.ReadBigEndian(word);
    }

    /// <summary>Reads a 20-byte address.</summary>
    /// <exception cref="RlpException">Not a 20-byte string.</exception>
    public Address ReadAddress(string field)
    {
        var offset = Offset;
        var bytes = ReadBytes(field);
        if (bytes.Length != Address.Length)
        {
            throw new RlpException(field, offset, $"an address has 20 bytes, got {bytes.Length}");
        }
        return new Address(bytes);
    }

    /// <summary>Reads a 20-byte address, or the empty string for none (a contract creation's <c>to</c>).</summary>
    /// <exception cref="RlpException">Neither empty nor a 20-byte string.</exception>
    public Address? ReadOptionalAddress(string field)
    {
        var offset = Offset;
        var bytes = ReadBytes(field);
        return bytes.Length switch
        {
            0 => null,
            Address.Length => new Address(bytes),
            _ => throw new RlpException(field, offset, $"an address has 20 bytes (or 0 for none), got {bytes.Length}"),
        };
    }

    /// <summary>Reads a 32-byte string (a hash, a storage key).</summary>
    /// <exception cref="RlpException">Not a 32-byte string.</exception>
    public Bytes32 ReadBytes32(string field)
    {
        var offset = Offset;
        var bytes = ReadBytes(field);
        if (bytes.Length != Bytes32.Length)
        {
            throw new RlpException(field, offset, $"expected 32 bytes, got {bytes.Length}");
        }
        return new Bytes32(bytes);
    }

    /// <summary>Requires that every item has been read.</summary>
    /// <param name="what">What is being read (the list or the input), for the message.</param>
    /// <exception cref="RlpException">Bytes are left over.</exception>
    public readonly void EnsureAtEnd(string what)
    {
        if (!IsAtEnd)
        {
            throw new RlpException(what, Offset, $"{_data.Length - _position} unexpected byte(s) after the last item");
        }
    }

    private ReadOnlySpan<byte> IntegerBytes(string field, int maxBytes, int offset)
    {
        var bytes = ReadBytes(field);
        if (bytes.Length > maxBytes)
        {
            throw new RlpException(field, offset, $"an integer of {bytes.Length} bytes does not fit in {maxBytes * 8} bits");
        }
        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new RlpException(field, offset, "an integer has no leading zero bytes (zero is the empty string 0x80)");
        }
        return bytes;
    }

    private (bool IsList, int PayloadStart, int PayloadLength) ReadHeader(string field)
    {
        var start = _position;
        if (start >= _data.Length)
        {
            throw new RlpException(field, _baseOffset + start, "missing: the input ended");
        }
        var prefix = _data[start];
        int headerLength, payloadLength;
        bool isList;
        if (prefix < 0x80)
        {
            _position = start + 1;
            return (false, start, 1);
        }
        if (prefix <= 0xb7)
        {
            isList = false;
            headerLength = 1;
            payloadLength = prefix - 0x80;
            if (payloadLength == 1)
            {
                if (start + 1 >= _data.Length)
                {
                    throw new RlpException(field, _baseOffset + start, "the string runs past the end of the input");
                }
                if (_data[start + 1] < 0x80)
                {
                    throw new RlpException(field, _baseOffset + start, $"the single byte 0x{_data[start + 1]:x2} must be encoded as itself, not as a one-byte string");
                }
            }
        }
        else if (prefix <= 0xbf)
        {
            isList = false;
            headerLength = 1 + (prefix - 0xb7);
            payloadLength = LongLength(field, start, prefix - 0xb7);
        }
        else if (prefix <= 0xf7)
        {
            isList = true;
            headerLength = 1;
            payloadLength = prefix - 0xc0;
        }
        else
        {
            isList = true;
            headerLength = 1 + (prefix - 0xf7);
            payloadLength = LongLength(field, start, prefix - 0xf7);
        }
        var payloadStart = start + headerLength;
        if ((long)payloadStart + payloadLength > _data.Length)
        {
            throw new RlpException(field, _baseOffset + start,
                $"the {(isList ? "list" : "string")} declares {payloadLength} byte(s), but only {Math.Max(0, _data.Length - payloadStart)} remain");
        }
        _position = payloadStart + payloadLength;
        return (isList, payloadStart, payloadLength);
    }

    private readonly int LongLength(string field, int start, int lengthOfLength)
    {
        if (start + 1 + lengthOfLength > _data.Length)
        {
            throw new RlpException(field, _baseOffset + start, "the length runs past the end of the input");
        }
        var bytes = _data.Slice(start + 1, lengthOfLength);
        if (bytes[0] == 0)
        {
            throw new RlpException(field, _baseOffset + start, "a length has no leading zero bytes");
        }
        if (lengthOfLength > 4)
        {
            throw new RlpException(field, _baseOffset + start, $"a length of {lengthOfLength} bytes is too large");
        }
        long length = 0;
        foreach (var b in bytes)
        {
            length = (length << 8) | b;
        }
        if (length > int.MaxValue)
        {
            throw new RlpException(field, _baseOffset + start, $"a length of {length} bytes is too large");
        }
        if (length <= 55)
        {
            throw new RlpException(field, _baseOffset + start, $"a length of {length} must use the short form (long form is for 56 bytes or more)");
        }
        return (int)length;
    }
}

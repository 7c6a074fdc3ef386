namespace Parley.StateMachines;

/// <summary>
/// One 32-byte ABI word: the argument type of <see cref="StateMachine.Keccak256(AbiValue)"/> and its overloads, so
/// that <c>Keccak256(move, salt)</c> hashes exactly what Solidity's <c>keccak256(abi.encode(move, salt))</c> hashes.
/// Every value type a rule can hash converts to it implicitly, with the Solidity ABI encoding of its type (Solidity
/// ABI specification, "Formal Specification of the Encoding"): unsigned integers left-padded with zeros, signed
/// integers sign-extended (two's complement), <c>bool</c> as 0 or 1, an <see cref="Address"/> right-aligned in the
/// low 20 bytes, a <see cref="Bytes32"/> as is. Enums are hashed by casting them to their underlying type.
/// </summary>
public readonly struct AbiValue
{
    private readonly UInt256 _word;

    private AbiValue(UInt256 word) => _word = word;

    /// <summary>Writes the 32-byte word (big-endian) to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteTo(Span<byte> destination) => _word.WriteBigEndian(destination);

    /// <summary>A <c>bool</c>: 1 or 0.</summary>
    public static implicit operator AbiValue(bool value) => new(value ? UInt256.One : UInt256.Zero);

    /// <summary>A <c>uint8</c>.</summary>
    public static implicit operator AbiValue(byte value) => new(value);

    /// <summary>A <c>uint16</c>.</summary>
    public static implicit operator AbiValue(ushort value) => new(value);

    /// <summary>A <c>uint32</c>.</summary>
    public static implicit operator AbiValue(uint value) => new(value);

    /// <summary>A <c>uint64</c>.</summary>
    public static implicit operator AbiValue(ulong value) => new(value);

    /// <summary>An <c>int8</c>, sign-extended.</summary>
    public static implicit operator AbiValue(sbyte value) => new(unchecked((UInt256)(long)value));

    /// <summary>An <c>int16</c>, sign-extended.</summary>
    public static implicit operator AbiValue(short value) => new(unchecked((UInt256)(long)value));

    /// <summary>An <c>int32</c>, sign-extended.</summary>
    public static implicit operator AbiValue(int value) => new(unchecked((UInt256)(long)value));

    /// <summary>An <c>int64</c>, sign-extended.</summary>
    public static implicit operator AbiValue(long value) => new(unchecked((UInt256)value));

    /// <summary>A <c>uint256</c>.</summary>
    public static implicit operator AbiValue(UInt256 value) => new(value);

    /// <summary>An <c>address</c>: 12 zero bytes, then the 20 address bytes.</summary>
    public static implicit operator AbiValue(Address value)
    {
        Span<byte> word = stackalloc byte[32];
        value.CopyTo(word[12..]);
        return new(UInt256.ReadBigEndian(word));
    }

    /// <summary>A <c>bytes32</c>.</summary>
    public static implicit operator AbiValue(Bytes32 value) => new(UInt256.ReadBigEndian(value.AsSpan()));
}

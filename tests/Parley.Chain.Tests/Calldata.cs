using System.Buffers.Binary;
using System.Text;
using Parley.Crypto;

namespace Parley.Chain.Tests;

/// <summary>Hand-rolled Solidity ABI encoding for the few static/bytes shapes these tests call (independent of Parley.Abi).</summary>
internal static class Calldata
{
    public static byte[] Selector(string signature) => Keccak256.Hash(Encoding.ASCII.GetBytes(signature)).AsSpan()[..4].ToArray();

    public static byte[] Word(ulong value)
    {
        var w = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(w.AsSpan(24), value);
        return w;
    }

    public static byte[] Word(bool value) => Word(value ? 1UL : 0UL);

    public static byte[] Word(Bytes32 value) => value.ToArray();

    public static byte[] Word(Address value)
    {
        var w = new byte[32];
        value.CopyTo(w.AsSpan(12));
        return w;
    }

    /// <summary>The tail of a dynamic <c>bytes</c>: length word, then the bytes right-padded to a multiple of 32.</summary>
    public static byte[] BytesTail(ReadOnlySpan<byte> data)
    {
        var padded = (data.Length + 31) / 32 * 32;
        var t = new byte[32 + padded];
        Word((ulong)data.Length).CopyTo(t, 0);
        data.CopyTo(t.AsSpan(32));
        return t;
    }

    public static byte[] Call(string signature, params byte[][] parts) => [.. Selector(signature), .. parts.SelectMany(p => p)];
}

using System.Globalization;
using System.Numerics;
using System.Text;
using Parley.Abi;

namespace Parley.Tests.Abi;

/// <summary>
/// Random ABI types and values for the differential and property tests, from a seeded <see cref="Random"/> so any
/// failure can be replayed from the printed seed. Values use the <see cref="AbiCoder"/> decode mapping (BigInteger,
/// Address, bool, byte[], string, object?[]), so decoded values compare structurally with generated ones.
/// </summary>
internal sealed class AbiSamples(int seed)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:;!?éüßΩж中文😀🎉";

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>A random type; composite types nest at most <paramref name="depth"/> more levels.</summary>
    public AbiType Type(int depth)
    {
        var composite = depth > 0 && _random.Next(10) < 4;
        if (!composite)
        {
            return _random.Next(9) switch
            {
                0 => AbiType.UInt(8 * _random.Next(1, 33)),
                1 => AbiType.UInt(Pick(8, 16, 32, 48, 64, 256)),
                2 => AbiType.Int(8 * _random.Next(1, 33)),
                3 => AbiType.Int(Pick(8, 64, 128, 256)),
                4 => AbiType.Address,
                5 => AbiType.Bool,
                6 => AbiType.FixedBytes(_random.Next(1, 33)),
                7 => AbiType.Bytes,
                _ => AbiType.String,
            };
        }
        return _random.Next(3) switch
        {
            0 => AbiType.ArrayOf(Type(depth - 1)),
            1 => AbiType.FixedArrayOf(Type(depth - 1), _random.Next(1, 4)),
            _ => AbiType.TupleOf(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Type(depth - 1)).ToArray()),
        };
    }

    /// <summary>A random list of 1 to 4 top-level types, as one tuple.</summary>
    public AbiType Signature(int depth) =>
        AbiType.TupleOf(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Type(depth)).ToArray());

    /// <summary>A random value of <paramref name="type"/>.</summary>
    public object? Value(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => UnsignedValue(type.Size),
        AbiTypeKind.Int => SignedValue(type.Size),
        AbiTypeKind.Address => new Address(Bytes(20)),
        AbiTypeKind.Bool => _random.Next(2) == 1,
        AbiTypeKind.FixedBytes => Bytes(type.Size),
        AbiTypeKind.Bytes => Bytes(_random.Next(4) == 0 ? 0 : _random.Next(0, 80)),
        AbiTypeKind.String => Text(_random.Next(4) == 0 ? 0 : _random.Next(0, 30)),
        AbiTypeKind.Array => Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Value(type.ElementType!)).ToArray(),
        AbiTypeKind.FixedArray => Enumerable.Range(0, type.Size).Select(_ => Value(type.ElementType!)).ToArray(),
        _ => type.Components.Select(Value).ToArray(),
    };

    public object?[] Values(AbiType tuple) => tuple.Components.Select(Value).ToArray();

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    private int Pick(params int[] choices) => choices[_random.Next(choices.Length)];

    private BigInteger UnsignedValue(int bits)
    {
        var max = (BigInteger.One << bits) - 1;
        return _random.Next(8) switch
        {
            0 => BigInteger.Zero,
            1 => max,
            2 => _random.Next(256),
            _ => RandomBits(_random.Next(1, bits + 1)),
        };
    }

    private BigInteger SignedValue(int bits)
    {
        var max = (BigInteger.One << (bits - 1)) - 1;
        var min = -(BigInteger.One << (bits - 1));
        return _random.Next(10) switch
        {
            0 => BigInteger.Zero,
            1 => max,
            2 => min,
            3 => -1,
            _ => _random.Next(2) == 0 ? RandomBits(_random.Next(1, bits)) : -RandomBits(_random.Next(1, bits)) - 1,
        };
    }

    private BigInteger RandomBits(int bits)
    {
        var bytes = Bytes((bits + 7) / 8);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return value & ((BigInteger.One << bits) - 1);
    }

    private string Text(int length)
    {
        var builder = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(Alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext())
        {
            pieces.Add(elements.GetTextElement());
        }
        for (var i = 0; i < length; i++)
        {
            builder.Append(pieces[_random.Next(pieces.Count)]);
        }
        return builder.ToString();
    }

    /// <summary>
    /// The value in cast's argument syntax: <c>[a,b]</c> for arrays, <c>(a,b)</c> for tuples, strings always in double
    /// quotes (cast trims white space around unquoted strings; the alphabet has no quotes or backslashes).
    /// </summary>
    public static string CastArgument(AbiType type, object? value) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => ((BigInteger)value!).ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address => ((Address)value!).ToLowerHex(),
        AbiTypeKind.Bool => (bool)value! ? "true" : "false",
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => "0x" + Convert.ToHexStringLower((byte[])value!),
        AbiTypeKind.String => "\"" + (string)value! + "\"",
        AbiTypeKind.Array or AbiTypeKind.FixedArray =>
            "[" + string.Join(",", ((object?[])value!).Select(v => CastArgument(type.ElementType!, v))) + "]",
        _ => "(" + string.Join(",", ((object?[])value!).Select((v, i) => CastArgument(type.Components[i], v))) + ")",
    };

    /// <summary>Structural equality of values in the decode mapping.</summary>
    public static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (object?[] x, object?[] y) => x.Length == y.Length && x.Zip(y).All(p => ValueEquals(p.First, p.Second)),
        (BigInteger x, BigInteger y) => x == y,
        _ => Equals(a, b),
    };

    /// <summary>A readable form of a value for failure messages.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        object?[] items => "[" + string.Join(", ", items.Select(Show)) + "]",
        string s => "\"" + s + "\"",
        _ => value.ToString() ?? "",
    };
}

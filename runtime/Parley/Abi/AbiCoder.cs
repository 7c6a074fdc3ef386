using System.Collections;
using System.Collections.Immutable;
using System.Numerics;
using System.Text;

namespace Parley.Abi;

/// <summary>
/// A string-typed Solidity ABI encoder/decoder in the manner of ethers' <c>AbiCoder</c>, for tools, tests and
/// anything that only knows types at run time: types are given as a Solidity tuple signature such as
/// <c>(uint256,bytes,(address,uint8)[])</c>, values as .NET objects. Built on <see cref="AbiWriter"/> and
/// <see cref="AbiReader"/>, so it produces and accepts exactly the canonical encoding (and decodes strictly).
/// </summary>
/// <remarks>
/// <para><b>Types.</b> A parenthesised list of ABI types (grammar in <see cref="AbiType"/>), whose components are the
/// values, e.g. <c>(uint256,bytes)</c> for two values; the parentheses may be omitted (<c>uint256,bytes</c>); <c>()</c>
/// or the empty string mean no values. Component names are allowed and appear in error paths:
/// <c>((address asset, uint256[] balances)[] outcome)</c>. To pass a single value of tuple-array type, wrap it:
/// <c>((uint256)[])</c>.</para>
/// <para><b>Values</b> (encode accepts the left column, decode returns the right one):
/// <list type="table">
/// <listheader><term>ABI type</term><description>.NET value</description></listheader>
/// <item><term><c>uint&lt;M&gt;</c>, <c>int&lt;M&gt;</c></term><description>encode: any built-in integer type,
/// <see cref="BigInteger"/>, <see cref="UInt256"/>, <see cref="UInt128"/>, <see cref="Int128"/>, range-checked
/// against M; decode: <see cref="BigInteger"/>.</description></item>
/// <item><term><c>address</c></term><description><see cref="Address"/> (encode also accepts its <c>0x</c> text form,
/// parsed by <see cref="Address.Parse(string)"/>).</description></item>
/// <item><term><c>bool</c></term><description><see cref="bool"/>.</description></item>
/// <item><term><c>bytes&lt;M&gt;</c></term><description><c>byte[]</c> of length exactly M (encode also accepts
/// <see cref="Bytes32"/> for <c>bytes32</c>).</description></item>
/// <item><term><c>bytes</c></term><description><c>byte[]</c> (encode also accepts <see cref="ReadOnlyMemory{T}"/> of bytes).</description></item>
/// <item><term><c>string</c></term><description><see cref="string"/>, encoded as UTF-8.</description></item>
/// <item><term><c>T[]</c>, <c>T[k]</c></term><description>encode: any <see cref="IList"/> (e.g. <c>object?[]</c>,
/// <c>UInt256[]</c>; exactly k elements for <c>T[k]</c>); decode: <c>object?[]</c>.</description></item>
/// <item><term>tuple</term><description>encode: any <see cref="IList"/> of the components; decode: <c>object?[]</c>.</description></item>
/// </list></para>
/// <para><b>Passing one array.</b> <c>values</c> is a <c>params</c> array, so a single <c>object?[]</c> argument binds
/// as the whole list of values, not as one value: for one array- or tuple-typed value write
/// <c>Encode("(uint8[2])", [new object?[] { 1, 2 }])</c>.</para>
/// <para><b>Errors.</b> Encoding a value that does not match its type throws <see cref="ArgumentException"/> whose
/// message gives the value's path (e.g. <c>[2][0].balances[1]</c>: top-level value 2, element 0, component
/// <c>balances</c>, element 1). Decoding bad data throws <see cref="AbiDecodingException"/>; unnamed tuple components
/// appear in its path as <c>[i]</c>.</para>
/// </remarks>
public static class AbiCoder
{
    private static readonly string[] IndexNames = Enumerable.Range(0, 64).Select(i => $"[{i}]").ToArray();

    /// <summary>
    /// <c>abi.encode(values…)</c> for the given types.
    /// </summary>
    /// <param name="types">The types as a tuple signature, e.g. <c>(uint256,bytes,(address,uint8)[])</c>.</param>
    /// <param name="values">One value per component of <paramref name="types"/>, mapped as the remarks say.</param>
    /// <returns>The canonical ABI encoding.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="types"/> or <paramref name="values"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="types"/> is not a valid type list.</exception>
    /// <exception cref="ArgumentException">A value does not match its type (wrong .NET type, out of range, wrong length); the message gives its path.</exception>
    public static byte[] Encode(string types, params object?[] values)
    {
        var writer = new AbiWriter();
        Encode(writer, ParseTypes(types), values);
        return writer.ToArray();
    }

    /// <summary>
    /// Calldata for a function call: the 4-byte selector of <paramref name="signature"/> followed by
    /// <c>abi.encode(arguments…)</c>.
    /// </summary>
    /// <param name="signature">A function signature, e.g. <c>transfer(address,uint256)</c> (see <see cref="AbiFunction"/>).</param>
    /// <param name="arguments">One value per parameter, mapped as the remarks say.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="FormatException"><paramref name="signature"/> is not a valid signature.</exception>
    /// <exception cref="ArgumentException">A value does not match its type.</exception>
    public static byte[] EncodeFunctionCall(string signature, params object?[] arguments)
    {
        var parameters = AbiFunction.ParameterTypes(signature);
        var writer = new AbiWriter();
        writer.WriteSelector(AbiFunction.Selector(signature));
        Encode(writer, AbiType.FromComponents(parameters, [.. new string?[parameters.Length]]), arguments);
        return writer.ToArray();
    }

    /// <summary>
    /// <c>abi.decode(data, (types…))</c>, strictly: the data must be exactly the canonical encoding of values of
    /// <paramref name="types"/>, with nothing after it.
    /// </summary>
    /// <param name="types">The types as a tuple signature, e.g. <c>(uint256,bytes,(address,uint8)[])</c>.</param>
    /// <param name="data">The encoding.</param>
    /// <returns>One value per component, mapped as the remarks say.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="types"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="types"/> is not a valid type list.</exception>
    /// <exception cref="AbiDecodingException">The data is not such an encoding; the exception says which field and why.</exception>
    public static object?[] Decode(string types, ReadOnlySpan<byte> data) => Decode(ParseTypes(types), data);

    /// <summary>
    /// <c>abi.decode</c> for a tuple type parsed once with <see cref="AbiType.Parse"/> (its components are the values),
    /// as <see cref="Decode(string, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tuple"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tuple"/> is not a tuple type.</exception>
    /// <exception cref="AbiDecodingException">The data is not the canonical encoding of values of that type.</exception>
    public static object?[] Decode(AbiType tuple, ReadOnlySpan<byte> data)
    {
        CheckTuple(tuple);
        var components = tuple.Components;
        var reader = new AbiReader(data);
        if (components.Length == 0)
        {
            if (data.Length != 0)
            {
                throw new AbiDecodingException(AbiDecodingError.TrailingData, "", 0, $"no values were expected but the data has {data.Length} bytes.");
            }
            return [];
        }
        reader.BeginTuple(tuple.ContentHeadWords);
        var values = DecodeComponents(ref reader, tuple);
        reader.EndTuple();
        reader.EnsureFullyConsumed();
        return values;
    }

    /// <summary>
    /// <c>abi.encode</c> for a tuple type parsed once with <see cref="AbiType.Parse"/> (its components are the
    /// values), as <see cref="Encode(string, object?[])"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="tuple"/> or <paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tuple"/> is not a tuple type, or a value does not match its type.</exception>
    public static byte[] Encode(AbiType tuple, params object?[] values)
    {
        CheckTuple(tuple);
        var writer = new AbiWriter();
        Encode(writer, tuple, values);
        return writer.ToArray();
    }

    private static void CheckTuple(AbiType tuple)
    {
        ArgumentNullException.ThrowIfNull(tuple);
        if (tuple.Kind != AbiTypeKind.Tuple)
        {
            throw new ArgumentException($"The type list must be a tuple, got {tuple}.", nameof(tuple));
        }
    }

    private static AbiType ParseTypes(string types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var trimmed = types.Trim();
        var list = trimmed.StartsWith('(') ? trimmed : "(" + trimmed + ")";
        var components = AbiType.ParseParameterList(list, out var names);
        return AbiType.FromComponents(components, names);
    }

    // ---------------------------------------------------------------- encoding

    private static void Encode(AbiWriter writer, AbiType tuple, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != tuple.Components.Length)
        {
            throw new ArgumentException(
                $"The types {tuple} need {tuple.Components.Length} value(s), got {values.Length}.", nameof(values));
        }
        if (values.Length == 0)
        {
            return;
        }
        var path = new PathStack();
        writer.BeginTuple(tuple.ContentHeadWords);
        for (var i = 0; i < values.Length; i++)
        {
            path.Push(tuple.ComponentNames[i] ?? IndexName(i));
            EncodeValue(writer, tuple.Components[i], values[i], path);
            path.Pop();
        }
        writer.EndTuple();
    }

    private static void EncodeValue(AbiWriter writer, AbiType type, object? value, PathStack path)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
            {
                var integer = ToBigInteger(value, type, path);
                if (integer.Sign < 0 || integer.GetBitLength() > type.Size)
                {
                    throw Mismatch(path, type, $"{integer} is outside 0 … 2^{type.Size} - 1");
                }
                writer.WriteUInt(integer, type.Size);
                break;
            }
            case AbiTypeKind.Int:
            {
                var integer = ToBigInteger(value, type, path);
                if (integer.GetBitLength() > type.Size - 1)
                {
                    throw Mismatch(path, type, $"{integer} is outside -2^{type.Size - 1} … 2^{type.Size - 1} - 1");
                }
                writer.WriteInt(integer, type.Size);
                break;
            }
            case AbiTypeKind.Address:
                writer.WriteAddress(value switch
                {
                    Address a => a,
                    string s => ParseAddress(s, path),
                    _ => throw Mismatch(path, type, $"expected an Address, got {Describe(value)}"),
                });
                break;
            case AbiTypeKind.Bool:
                writer.WriteBool(value is bool b ? b : throw Mismatch(path, type, $"expected a bool, got {Describe(value)}"));
                break;
            case AbiTypeKind.FixedBytes:
            {
                ReadOnlySpan<byte> bytes = value switch
                {
                    byte[] array => array,
                    Bytes32 b32 when type.Size == 32 => b32.ToArray(),
                    _ => throw Mismatch(path, type, $"expected a byte[] of length {type.Size}, got {Describe(value)}"),
                };
                if (bytes.Length != type.Size)
                {
                    throw Mismatch(path, type, $"expected exactly {type.Size} byte(s), got {bytes.Length}");
                }
                writer.WriteFixedBytes(bytes);
                break;
            }
            case AbiTypeKind.Bytes:
                writer.WriteBytes(value switch
                {
                    byte[] array => array,
                    ReadOnlyMemory<byte> memory => memory.Span,
                    _ => throw Mismatch(path, type, $"expected a byte[], got {Describe(value)}"),
                });
                break;
            case AbiTypeKind.String:
                if (value is not string text)
                {
                    throw Mismatch(path, type, $"expected a string, got {Describe(value)}");
                }
                try
                {
                    writer.WriteString(text);
                }
                catch (ArgumentException e) when (e is not ArgumentNullException)
                {
                    throw Mismatch(path, type, "the string has no UTF-8 encoding (unpaired surrogate)");
                }
                break;
            case AbiTypeKind.Array:
            {
                var list = value as IList ?? throw Mismatch(path, type, $"expected a list, got {Describe(value)}");
                var element = type.ElementType!;
                writer.BeginArray(list.Count, element.HeadWords);
                EncodeElements(writer, element, list, path);
                writer.EndArray();
                break;
            }
            case AbiTypeKind.FixedArray:
            {
                var list = value as IList ?? throw Mismatch(path, type, $"expected a list of {type.Size} element(s), got {Describe(value)}");
                if (list.Count != type.Size)
                {
                    throw Mismatch(path, type, $"expected exactly {type.Size} element(s), got {list.Count}");
                }
                var element = type.ElementType!;
                if (type.IsDynamic)
                {
                    writer.BeginFixedArray(type.Size);
                    EncodeElements(writer, element, list, path);
                    writer.EndFixedArray();
                }
                else
                {
                    EncodeElements(writer, element, list, path);
                }
                break;
            }
            default:
            {
                var list = value as IList ?? throw Mismatch(path, type, $"expected a list of the tuple's {type.Components.Length} component(s), got {Describe(value)}");
                if (list.Count != type.Components.Length)
                {
                    throw Mismatch(path, type, $"expected exactly {type.Components.Length} component(s), got {list.Count}");
                }
                if (type.IsDynamic)
                {
                    writer.BeginTuple(type.ContentHeadWords);
                }
                for (var i = 0; i < list.Count; i++)
                {
                    path.Push(type.ComponentNames[i] ?? IndexName(i));
                    EncodeValue(writer, type.Components[i], list[i], path);
                    path.Pop();
                }
                if (type.IsDynamic)
                {
                    writer.EndTuple();
                }
                break;
            }
        }
    }

    private static void EncodeElements(AbiWriter writer, AbiType element, IList list, PathStack path)
    {
        for (var i = 0; i < list.Count; i++)
        {
            path.Push(IndexName(i));
            EncodeValue(writer, element, list[i], path);
            path.Pop();
        }
    }

    private static Address ParseAddress(string text, PathStack path)
    {
        try
        {
            return Address.Parse(text);
        }
        catch (FormatException e)
        {
            throw Mismatch(path, AbiType.Address, e.Message);
        }
    }

    private static BigInteger ToBigInteger(object? value, AbiType type, PathStack path) => value switch
    {
        BigInteger v => v,
        UInt256 v => v,
        byte v => v,
        sbyte v => v,
        short v => v,
        ushort v => v,
        int v => v,
        uint v => v,
        long v => v,
        ulong v => v,
        UInt128 v => v,
        Int128 v => v,
        nint v => v,
        nuint v => v,
        _ => throw Mismatch(path, type, $"expected an integer (a built-in integer type, BigInteger or UInt256), got {Describe(value)}"),
    };

    private static string Describe(object? value) => value is null ? "null" : value.GetType().Name;

    private static ArgumentException Mismatch(PathStack path, AbiType type, string detail) =>
        new($"The value at {path} does not fit the ABI type {type}: {detail}.", "values");

    private static string IndexName(int i) => i < IndexNames.Length ? IndexNames[i] : $"[{i}]";

    /// <summary>The path of the value being encoded, formatted only when an error is reported.</summary>
    private sealed class PathStack
    {
        private readonly List<string> _segments = [];

        public void Push(string segment) => _segments.Add(segment);

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public override string ToString()
        {
            var builder = new StringBuilder();
            foreach (var segment in _segments)
            {
                if (builder.Length > 0 && !segment.StartsWith('['))
                {
                    builder.Append('.');
                }
                builder.Append(segment);
            }
            return builder.ToString();
        }
    }

    // ---------------------------------------------------------------- decoding

    private static object?[] DecodeComponents(ref AbiReader reader, AbiType tuple)
    {
        var values = new object?[tuple.Components.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = DecodeValue(ref reader, tuple.Components[i], tuple.ComponentNames[i] ?? IndexName(i));
        }
        return values;
    }

    private static object? DecodeValue(ref AbiReader reader, AbiType type, string? field)
    {
        switch (type.Kind)
        {
            case AbiTypeKind.UInt:
                return reader.ReadUIntAsBigInteger(type.Size, field);
            case AbiTypeKind.Int:
                return reader.ReadIntAsBigInteger(type.Size, field);
            case AbiTypeKind.Address:
                return reader.ReadAddress(field);
            case AbiTypeKind.Bool:
                return reader.ReadBool(field);
            case AbiTypeKind.FixedBytes:
                return reader.ReadFixedBytes(type.Size, field).ToArray();
            case AbiTypeKind.Bytes:
                return reader.ReadBytes(field).ToArray();
            case AbiTypeKind.String:
                return reader.ReadString(field);
            case AbiTypeKind.Array:
            {
                var element = type.ElementType!;
                // BeginArray has checked that the data holds every element's head: the allocation is bounded by the input.
                var length = reader.BeginArray(element.HeadWords, field);
                var values = new object?[length];
                for (var i = 0; i < length; i++)
                {
                    values[i] = DecodeValue(ref reader, element, null);
                }
                reader.EndArray();
                return values;
            }
            case AbiTypeKind.FixedArray:
            {
                var element = type.ElementType!;
                if (type.IsDynamic)
                {
                    reader.BeginFixedArray(type.Size, field);
                }
                else
                {
                    reader.BeginStaticArray(type.Size, element.HeadWords, field);
                }
                var values = new object?[type.Size];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = DecodeValue(ref reader, element, null);
                }
                if (type.IsDynamic)
                {
                    reader.EndFixedArray();
                }
                else
                {
                    reader.EndStaticArray();
                }
                return values;
            }
            default:
            {
                if (type.IsDynamic)
                {
                    reader.BeginTuple(type.ContentHeadWords, field);
                }
                else
                {
                    reader.BeginStaticTuple(type.ContentHeadWords, field);
                }
                var values = DecodeComponents(ref reader, type);
                if (type.IsDynamic)
                {
                    reader.EndTuple();
                }
                else
                {
                    reader.EndStaticTuple();
                }
                return values;
            }
        }
    }
}

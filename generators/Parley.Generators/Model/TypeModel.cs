using System;

namespace Parley.Generators.Model;

/// <summary>The kinds of value a state field, action argument or rule expression may have.</summary>
internal enum ValueKind
{
    Bool,
    /// <summary>A fixed-width integer (or an enum, by its underlying type); <see cref="TypeModel.Bits"/> and <see cref="TypeModel.Signed"/> say which.</summary>
    Integer,
    Address,
    Bytes32,
    FixedArray,
    Struct,
}

/// <summary>
/// A translatable type: its C# spelling, its Solidity spelling and ABI size. Integers include <c>UInt256</c> (unsigned,
/// 256 bits) and enums (by their underlying type).
/// </summary>
internal sealed record TypeModel(
    ValueKind Kind,
    string CSharpName,
    int Bits,
    bool Signed,
    bool IsEnum,
    int Length,
    TypeModel? Element,
    string? StructName,
    int Words)
{
    public static TypeModel Bool { get; } = new(ValueKind.Bool, "bool", 0, false, false, 0, null, null, 1);

    public static TypeModel Address { get; } = new(ValueKind.Address, "global::Parley.Address", 0, false, false, 0, null, null, 1);

    public static TypeModel Bytes32 { get; } = new(ValueKind.Bytes32, "global::Parley.Bytes32", 0, false, false, 0, null, null, 1);

    public static TypeModel Int(bool signed, int bits, string csharpName, bool isEnum = false) =>
        new(ValueKind.Integer, csharpName, bits, signed, isEnum, 0, null, null, 1);

    public static TypeModel UInt256 { get; } = Int(false, 256, "global::Parley.UInt256");

    public static TypeModel Int32 { get; } = Int(true, 32, "int");

    public static TypeModel Array(TypeModel element, int length) =>
        new(ValueKind.FixedArray, element.CSharpName + "[]", 0, false, false, length, element, null, element.Words * length);

    public static TypeModel Struct(string csharpName, string solidityName, int words) =>
        new(ValueKind.Struct, csharpName, 0, false, false, 0, null, solidityName, words);

    public bool IsInteger => Kind == ValueKind.Integer;

    public bool IsUInt256 => Kind == ValueKind.Integer && Bits == 256;

    /// <summary>True for types whose Solidity values live in memory (need a <c>memory</c> location).</summary>
    public bool IsReference => Kind is ValueKind.FixedArray or ValueKind.Struct;

    /// <summary>The Solidity type name, e.g. <c>uint8</c>, <c>int32</c>, <c>uint8[9]</c>, <c>Bet</c>.</summary>
    public string SolidityName => Kind switch
    {
        ValueKind.Bool => "bool",
        ValueKind.Integer => (Signed ? "int" : "uint") + Bits,
        ValueKind.Address => "address",
        ValueKind.Bytes32 => "bytes32",
        ValueKind.FixedArray => Element!.SolidityName + "[" + Length + "]",
        ValueKind.Struct => StructName!,
        _ => throw new InvalidOperationException(Kind.ToString()),
    };

    /// <summary>The Solidity type with a data location where one is needed (<c>uint8[9] memory</c>).</summary>
    public string SolidityDeclaration => IsReference ? SolidityName + " memory" : SolidityName;

    /// <summary>The canonical ABI type name used in signatures (<c>uint8</c>, <c>uint8[9]</c>, <c>(uint256,bool)</c>).</summary>
    public string AbiName(Func<string, string> structAbi) => Kind switch
    {
        ValueKind.FixedArray => Element!.AbiName(structAbi) + "[" + Length + "]",
        ValueKind.Struct => structAbi(StructName!),
        _ => SolidityName,
    };

    /// <summary>Minimum value of an integer type, as decimal text.</summary>
    public string MinText => Signed ? "-" + System.Numerics.BigInteger.Pow(2, Bits - 1).ToString() : "0";

    /// <summary>Maximum value of an integer type, as decimal text.</summary>
    public string MaxText => (Signed ? System.Numerics.BigInteger.Pow(2, Bits - 1) - 1 : System.Numerics.BigInteger.Pow(2, Bits) - 1).ToString();
}

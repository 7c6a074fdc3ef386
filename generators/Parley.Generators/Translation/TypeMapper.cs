using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parley.Generators.Model;

namespace Parley.Generators.Translation;

/// <summary>
/// Maps C# types to translatable <see cref="TypeModel"/>s and collects the nested structs the state uses, in the order
/// Solidity needs them (a struct after the structs it contains).
/// </summary>
internal sealed class TypeMapper
{
    private readonly KnownSymbols _known;
    private readonly Dictionary<ITypeSymbol, StructModel> _structs = new(SymbolEqualityComparer.Default);
    private readonly List<StructModel> _structOrder = new();
    private readonly HashSet<string> _structNames = new();
    private readonly HashSet<ITypeSymbol> _inProgress = new(SymbolEqualityComparer.Default);

    public TypeMapper(KnownSymbols known) => _known = known;

    public IReadOnlyList<StructModel> Structs => _structOrder;

    /// <summary>
    /// Maps a scalar or struct type (no arrays). Returns null when the type is not translatable; <paramref name="error"/>
    /// then names the offending type.
    /// </summary>
    public TypeModel? MapValue(ITypeSymbol type, out string? error)
    {
        error = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return TypeModel.Bool;
            case SpecialType.System_Byte: return TypeModel.Int(false, 8, "byte");
            case SpecialType.System_SByte: return TypeModel.Int(true, 8, "sbyte");
            case SpecialType.System_Int16: return TypeModel.Int(true, 16, "short");
            case SpecialType.System_UInt16: return TypeModel.Int(false, 16, "ushort");
            case SpecialType.System_Int32: return TypeModel.Int(true, 32, "int");
            case SpecialType.System_UInt32: return TypeModel.Int(false, 32, "uint");
            case SpecialType.System_Int64: return TypeModel.Int(true, 64, "long");
            case SpecialType.System_UInt64: return TypeModel.Int(false, 64, "ulong");
        }
        if (_known.Is(type, _known.UInt256))
        {
            return TypeModel.UInt256;
        }
        if (_known.Is(type, _known.Address))
        {
            return TypeModel.Address;
        }
        if (_known.Is(type, _known.Bytes32))
        {
            return TypeModel.Bytes32;
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            var u = MapValue(underlying, out _)!;
            return TypeModel.Int(u.Signed, u.Bits, Fqn(type), isEnum: true);
        }
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Struct } s && s.Locations.Any(l => l.IsInSource) && !s.IsGenericType)
        {
            var model = MapStruct(s, out error);
            return model is null ? null : TypeModel.Struct(Fqn(s), model.SolidityName, model.Fields.Sum(f => f.Type.Words));
        }
        error = type.ToDisplayString();
        return null;
    }

    /// <summary>
    /// Maps the type of a field or parameter, which may be a <c>[FixedLength(k)]</c> array of values.
    /// </summary>
    public TypeModel? MapStorage(ISymbol declaration, ITypeSymbol type, out string? error, out bool missingLength)
    {
        missingLength = false;
        if (type is IArrayTypeSymbol array)
        {
            error = null;
            var length = FixedLength(declaration);
            if (length is null || array.Rank != 1 || array.ElementType is IArrayTypeSymbol)
            {
                missingLength = true;
                return null;
            }
            var element = MapValue(array.ElementType, out error);
            return element is null ? null : TypeModel.Array(element, length.Value);
        }
        return MapValue(type, out error);
    }

    /// <summary>The length given by <c>[FixedLength(k)]</c> on the symbol (or on its property or primary-constructor parameter).</summary>
    public int? FixedLength(ISymbol symbol)
    {
        foreach (var candidate in Candidates(symbol))
        {
            foreach (var attribute in candidate.GetAttributes())
            {
                if (_known.Is(attribute.AttributeClass, _known.FixedLengthAttribute) &&
                    attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int k && k >= 1)
                {
                    return k;
                }
            }
        }
        return null;
    }

    private static IEnumerable<ISymbol> Candidates(ISymbol symbol)
    {
        yield return symbol;
        if (symbol is IFieldSymbol { AssociatedSymbol: IPropertySymbol property })
        {
            yield return property;
            symbol = property;
        }
        if (symbol is IPropertySymbol p && p.ContainingType is { } type)
        {
            foreach (var ctor in type.InstanceConstructors)
            {
                foreach (var parameter in ctor.Parameters)
                {
                    if (parameter.Name == p.Name)
                    {
                        yield return parameter;
                    }
                }
            }
        }
    }

    /// <summary>The instance fields of a struct in declaration order (backing fields of auto-properties included).</summary>
    public static IEnumerable<IFieldSymbol> InstanceFields(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst);

    /// <summary>The name of a field as written in source (the property name for a backing field).</summary>
    public static string SourceName(IFieldSymbol field) => field.AssociatedSymbol?.Name ?? field.Name;

    private StructModel? MapStruct(INamedTypeSymbol type, out string? error)
    {
        error = null;
        if (_structs.TryGetValue(type, out var existing))
        {
            return existing;
        }
        if (!_inProgress.Add(type))
        {
            error = type.ToDisplayString();
            return null;
        }
        var fields = new List<FieldModel>();
        var hasArrays = false;
        if (type.IsReadOnly)
        {
            error = type.ToDisplayString() + " (a readonly struct: the decoder assigns its fields)";
            _inProgress.Remove(type);
            return null;
        }
        foreach (var field in InstanceFields(type))
        {
            var property = field.AssociatedSymbol as IPropertySymbol;
            if (field.IsReadOnly && (property is null || property.SetMethod is null) || property?.SetMethod is { IsInitOnly: true })
            {
                error = type.ToDisplayString() + "." + SourceName(field) + " (read-only or init-only: the decoder assigns it)";
                _inProgress.Remove(type);
                return null;
            }
            var accessible = (property ?? (ISymbol)field).DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal &&
                             (property?.SetMethod is null || property.SetMethod.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal);
            if (!accessible)
            {
                error = type.ToDisplayString() + "." + SourceName(field) + " (not public or internal: the generated codec reads and writes it)";
                _inProgress.Remove(type);
                return null;
            }
            var mapped = MapStorage(field, field.Type, out var fieldError, out var missing);
            if (mapped is null)
            {
                error = missing ? type.ToDisplayString() + "." + SourceName(field) + " (array without [FixedLength])" : fieldError;
                _inProgress.Remove(type);
                return null;
            }
            hasArrays |= mapped.Kind == ValueKind.FixedArray;
            fields.Add(new FieldModel(SourceName(field), SolidityNames.Member(SourceName(field)), mapped));
        }
        _inProgress.Remove(type);
        if (fields.Count == 0)
        {
            error = type.ToDisplayString() + " (a struct without fields)";
            return null;
        }
        var name = SolidityNames.Struct(type.Name);
        while (!_structNames.Add(name))
        {
            name += "_";
        }
        var model = new StructModel(Fqn(type), name, fields.ToEquatableArray(), hasArrays);
        _structs[type] = model;
        _structOrder.Add(model);
        return model;
    }

    public StructModel? StructOf(ITypeSymbol type) => _structs.TryGetValue(type, out var model) ? model : null;

    public static string Fqn(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
}

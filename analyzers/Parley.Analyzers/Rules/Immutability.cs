using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Parley.Analyzers.Rules;

/// <summary>
/// Whether a value of a type can be changed after construction, for PARLEY008's "static readonly of an immutable
/// type is fine". Conservative: a type is immutable only when that is known — primitives, strings, enums, delegates,
/// readonly structs, System.Collections.Immutable and Frozen collections of immutable elements, tuples and structs of
/// immutable fields, and source classes whose every instance field is readonly and immutable.
/// </summary>
internal static class Immutability
{
    private static readonly HashSet<string> KnownImmutable = new(System.StringComparer.Ordinal)
    {
        "System.Numerics.BigInteger", "System.Int128", "System.UInt128", "System.Guid", "System.TimeSpan",
        "System.DateTime", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.Uri", "System.Version",
        "System.Text.Rune", "System.Index", "System.Range",
    };

    /// <summary>Whether values of <paramref name="type"/> are known to be immutable.</summary>
    public static bool IsImmutable(ITypeSymbol type) => IsImmutable(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool IsImmutable(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_DateTime:
                return true;
        }
        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return true;
        }
        if (type is not INamedTypeSymbol named)
        {
            return false; // arrays, pointers, type parameters, dynamic
        }
        if (!visiting.Add(named))
        {
            return true; // a cycle: judged by the other fields
        }
        try
        {
            var name = FullName(named.OriginalDefinition);
            if (KnownImmutable.Contains(name))
            {
                return true;
            }
            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
                || named.ContainingType is null && (name.StartsWith("System.Collections.Immutable.Immutable", System.StringComparison.Ordinal)
                    || name.StartsWith("System.Collections.Frozen.Frozen", System.StringComparison.Ordinal)))
            {
                return AllImmutable(named.TypeArguments, visiting);
            }
            if (named.IsValueType && named.IsReadOnly && named.DeclaringSyntaxReferences.Length == 0)
            {
                return true; // a readonly struct from a referenced assembly (its private fields may be elided)
            }
            if (named.IsValueType || named.DeclaringSyntaxReferences.Length > 0)
            {
                return FieldsImmutable(named, visiting);
            }
            return false;
        }
        finally
        {
            visiting.Remove(named);
        }
    }

    private static bool FieldsImmutable(INamedTypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
        {
            if (!t.IsValueType && t.DeclaringSyntaxReferences.Length == 0)
            {
                return false; // a class from a referenced assembly: its fields are not all visible
            }
            foreach (var member in t.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false } field
                    && (!field.IsReadOnly && !t.IsValueType || !IsImmutable(field.Type, visiting)))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static bool AllImmutable(IEnumerable<ITypeSymbol> types, HashSet<ITypeSymbol> visiting)
    {
        foreach (var type in types)
        {
            if (!IsImmutable(type, visiting))
            {
                return false;
            }
        }
        return true;
    }

    private static string FullName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Parley.Analyzers.Rules;

/// <summary>The floating-point types PARLEY003 rejects: <c>float</c>, <c>double</c>, <c>decimal</c> and <c>System.Half</c>.</summary>
internal static class FloatingTypes
{
    /// <summary>Whether the type itself is floating point.</summary>
    public static bool Is(ITypeSymbol? type) => type is not null && (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal
        || type is INamedTypeSymbol { Name: "Half", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

    /// <summary>Whether the type is or contains floating point: arrays, pointers, nullables, tuples and generic arguments of it.</summary>
    public static bool Contains(ITypeSymbol? type) => Contains(type, depth: 0);

    /// <summary>The name a user wrote for the type: <c>double</c>, <c>float</c>, <c>decimal</c>, <c>Half</c>.</summary>
    public static string Keyword(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Single => SyntaxFacts.GetText(SyntaxKind.FloatKeyword),
        SpecialType.System_Double => SyntaxFacts.GetText(SyntaxKind.DoubleKeyword),
        SpecialType.System_Decimal => SyntaxFacts.GetText(SyntaxKind.DecimalKeyword),
        _ => type.Name,
    };

    private static bool Contains(ITypeSymbol? type, int depth)
    {
        if (type is null || depth > 8)
        {
            return false;
        }
        if (Is(type))
        {
            return true;
        }
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Contains(array.ElementType, depth + 1);
            case IPointerTypeSymbol pointer:
                return Contains(pointer.PointedAtType, depth + 1);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (Contains(argument, depth + 1))
                    {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }
}

using Microsoft.CodeAnalysis;

namespace Parley.Analyzers.Scope;

/// <summary>Short names of members and types for diagnostic messages: <c>Scoring.Compute</c>, <c>Board.Cells.get</c>.</summary>
internal static class MemberDisplay
{
    private static readonly SymbolDisplayFormat MemberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeExplicitInterface,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat TypeFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>A member as <c>Type.Member</c>; constructors as <c>new Type</c>, static constructors as <c>static Type</c>.</summary>
    public static string Name(ISymbol member)
    {
        if (member is IMethodSymbol method)
        {
            switch (method.MethodKind)
            {
                case MethodKind.Constructor:
                    return "new " + TypeName(method.ContainingType);
                case MethodKind.StaticConstructor:
                    return "static " + TypeName(method.ContainingType);
            }
        }
        if (member is IMethodSymbol { AssociatedSymbol: IPropertySymbol { IsIndexer: true } indexer } accessor)
        {
            var kind = accessor.MethodKind == MethodKind.PropertyGet ? "get" : accessor.IsInitOnly ? "init" : "set";
            return TypeName(indexer.ContainingType) + ".this[]." + kind;
        }
        if (member is INamedTypeSymbol type)
        {
            return TypeName(type);
        }
        return member.ToDisplayString(MemberFormat);
    }

    /// <summary>A type with its containing types, without its namespace: <c>TicTacToe</c>, <c>Outer.Inner&lt;T&gt;</c>.</summary>
    public static string TypeName(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>An API as users write it: <c>DateTime.Now</c>, <c>Guid.NewGuid</c>, <c>new Random</c>.</summary>
    public static string Api(ISymbol member)
    {
        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor)
        {
            return "new " + TypeName(ctor.ContainingType);
        }
        if (member is IMethodSymbol { ReducedFrom: { } reduced })
        {
            member = reduced;
        }
        var name = member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name;
        return member.ContainingType is { } containing ? TypeName(containing) + "." + name : name;
    }
}

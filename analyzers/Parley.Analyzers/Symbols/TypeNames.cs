using System.Collections.Concurrent;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Parley.Analyzers.Symbols;

/// <summary>
/// Full metadata names of types (<c>System.Collections.Generic.Dictionary`2</c>, nested types joined with <c>+</c>) and
/// of their namespaces, memoized per compilation so that rule tables can be matched by string without allocating on
/// every operation.
/// </summary>
internal sealed class TypeNames
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, (string Type, string Namespace)> names = new(SymbolEqualityComparer.Default);

    /// <summary>The full metadata name of the type's original definition.</summary>
    public string Of(INamedTypeSymbol type) => Get(type).Type;

    /// <summary>The full name of the namespace that (directly or through containing types) holds the type.</summary>
    public string NamespaceOf(INamedTypeSymbol type) => Get(type).Namespace;

    private (string Type, string Namespace) Get(INamedTypeSymbol type) => names.GetOrAdd(type.OriginalDefinition, Compute);

    private static (string Type, string Namespace) Compute(INamedTypeSymbol type)
    {
        var outermost = type;
        var typePart = new StringBuilder(type.MetadataName);
        while (outermost.ContainingType is { } containing)
        {
            typePart.Insert(0, containing.MetadataName + "+");
            outermost = containing;
        }
        var ns = NamespaceName(outermost.ContainingNamespace);
        return (ns.Length == 0 ? typePart.ToString() : ns + "." + typePart, ns);
    }

    private static string NamespaceName(INamespaceSymbol? ns)
    {
        var parts = new System.Collections.Generic.List<string>();
        for (; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            parts.Add(ns.Name);
        }
        parts.Reverse();
        return string.Join(".", parts);
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Parley.Analyzers.Scope;
using Parley.Analyzers.Symbols;

namespace Parley.Analyzers.Rules;

/// <summary>
/// Which collections enumerate in an unspecified order (hash-based ones, and interfaces a hash-based collection may
/// stand behind), which keep an order (sorted and insertion-ordered ones), and how to sort one deterministically.
/// </summary>
internal sealed class UnorderedCollections
{
    private static readonly HashSet<string> Unordered = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.Dictionary`2+KeyCollection",
        "System.Collections.Generic.Dictionary`2+ValueCollection",
        "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2",
        "System.Collections.Generic.ISet`1",
        "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2",
        "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Immutable.ImmutableDictionary`2",
        "System.Collections.Immutable.ImmutableHashSet`1",
        "System.Collections.Immutable.IImmutableDictionary`2",
        "System.Collections.Immutable.IImmutableSet`1",
        "System.Collections.Frozen.FrozenDictionary`2",
        "System.Collections.Frozen.FrozenSet`1",
        "System.Collections.Hashtable",
        "System.Collections.IDictionary",
        "System.Collections.Specialized.HybridDictionary",
        "System.Collections.Specialized.StringDictionary",
    };

    private static readonly HashSet<string> Ordered = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Generic.SortedDictionary`2+KeyCollection",
        "System.Collections.Generic.SortedDictionary`2+ValueCollection",
        "System.Collections.Generic.SortedList`2",
        "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.OrderedDictionary`2",
        "System.Collections.Immutable.ImmutableSortedDictionary`2",
        "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Specialized.OrderedDictionary",
        "System.Collections.SortedList",
    };

    /// <summary>Static factories and extension holders whose results do not depend on their input's order.</summary>
    private static readonly HashSet<string> OrderInsensitiveHolders = new(System.StringComparer.Ordinal)
    {
        "System.Collections.Immutable.ImmutableHashSet",
        "System.Collections.Immutable.ImmutableDictionary",
        "System.Collections.Immutable.ImmutableSortedSet",
        "System.Collections.Immutable.ImmutableSortedDictionary",
        "System.Collections.Frozen.FrozenSet",
        "System.Collections.Frozen.FrozenDictionary",
    };

    /// <summary>LINQ operators whose result does not depend on the order of their source.</summary>
    private static readonly HashSet<string> OrderInsensitiveLinq = new(System.StringComparer.Ordinal)
    {
        "Count", "LongCount", "Any", "All", "Contains", "Min", "Max", "ToHashSet", "ToDictionary",
        "OrderBy", "OrderByDescending", "Order", "OrderDescending",
    };

    private readonly StateMachineScope scope;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, bool> unordered = new(SymbolEqualityComparer.Default);

    private readonly System.Func<ITypeSymbol, bool> computeUnordered;

    public UnorderedCollections(StateMachineScope scope)
    {
        this.scope = scope;
        computeUnordered = ComputeUnordered;
    }

    private TypeNames Names => scope.Names;

    /// <summary>Whether enumerating a value of the type yields its elements in an unspecified order.</summary>
    public bool IsUnordered(ITypeSymbol? type) => type is INamedTypeSymbol && unordered.GetOrAdd(type, computeUnordered);

    private bool ComputeUnordered(ITypeSymbol type)
    {
        var named = (INamedTypeSymbol)type;
        var name = Names.Of(named);
        if (Unordered.Contains(name))
        {
            return true;
        }
        if (Ordered.Contains(name))
        {
            return false;
        }
        foreach (var @interface in named.AllInterfaces)
        {
            if (Unordered.Contains(Names.Of(@interface)))
            {
                return true; // a dictionary or set of another kind
            }
        }
        return false;
    }

    /// <summary>Whether a collection type keeps an order (sorted or insertion-ordered).</summary>
    public bool IsOrdered(ITypeSymbol? type) => type is INamedTypeSymbol named && Ordered.Contains(Names.Of(named));

    /// <summary>Whether a parameter of this type receives a collection to enumerate (<c>IEnumerable&lt;T&gt;</c> and its kin).</summary>
    public bool IsEnumerableParameter(ITypeSymbol type) => type is INamedTypeSymbol { TypeKind: TypeKind.Interface, Name: "IEnumerable" or "ICollection" or "IReadOnlyCollection" or "IQueryable" } named
        && Names.Of(named) is
        "System.Collections.Generic.IEnumerable`1" or "System.Collections.IEnumerable" or "System.Collections.Generic.ICollection`1"
        or "System.Collections.Generic.IReadOnlyCollection`1" or "System.Collections.ICollection" or "System.Linq.IQueryable`1";

    /// <summary>Whether a method that receives an unordered collection produces a result independent of its order.</summary>
    public bool IsOrderInsensitive(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        var holder = method.ContainingType;
        if (IsUnordered(holder) || IsOrdered(holder) || OrderInsensitiveHolders.Contains(Names.Of(holder)))
        {
            return true;
        }
        var name = Names.Of(holder);
        return name is "System.Linq.Enumerable" or "System.Linq.Queryable" && OrderInsensitiveLinq.Contains(method.Name);
    }

    /// <summary>
    /// What an expression enumerates when it is unordered: the collection (or its <c>Keys</c>/<c>Values</c>), its
    /// shape and the element the fix sorts by; null when the expression is ordered.
    /// </summary>
    public UnorderedSource? Classify(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }
        if (value is IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } instance } keysOrValues
            && IsUnordered(instance.Type) && ElementType(instance.Type) is { } pair && IsKeyValuePair(pair))
        {
            var shape = keysOrValues.Property.Name == "Keys" ? UnorderedShape.Keys : UnorderedShape.Values;
            var display = MemberDisplay.TypeName(instance.Type!) + "." + keysOrValues.Property.Name;
            return new UnorderedSource(value, shape, display, Comparer(((INamedTypeSymbol)pair).TypeArguments[0]));
        }
        if (!IsUnordered(value.Type))
        {
            return null;
        }
        var element = ElementType(value.Type);
        if (element is INamedTypeSymbol kv && IsKeyValuePair(kv))
        {
            return new UnorderedSource(value, UnorderedShape.Pairs, MemberDisplay.TypeName(value.Type!), Comparer(kv.TypeArguments[0]));
        }
        return new UnorderedSource(value, UnorderedShape.Items, MemberDisplay.TypeName(value.Type!), element is null ? SortComparer.None : Comparer(element));
    }

    private bool IsKeyValuePair(ITypeSymbol type) =>
        type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, scope.Symbols.KeyValuePair);

    private ITypeSymbol? ElementType(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named || scope.Symbols.GenericEnumerable is not { } enumerable)
        {
            return null;
        }
        if (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, enumerable))
        {
            return named.TypeArguments[0];
        }
        foreach (var @interface in named.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, enumerable))
            {
                return @interface.TypeArguments[0];
            }
        }
        return null;
    }

    /// <summary>The comparer a sorted iteration uses for the key: ordinal for strings, the default for integers, enums and comparable structs.</summary>
    private SortComparer Comparer(ITypeSymbol key)
    {
        if (key.SpecialType == SpecialType.System_String)
        {
            return SortComparer.Ordinal;
        }
        if (FloatingTypes.Is(key))
        {
            return SortComparer.None;
        }
        if (key.TypeKind == TypeKind.Enum || key.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_UInt64)
        {
            return SortComparer.Default;
        }
        if (key.IsValueType && scope.Symbols.GenericComparable is { } comparable)
        {
            foreach (var @interface in key.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface.OriginalDefinition, comparable)
                    && SymbolEqualityComparer.Default.Equals(@interface.TypeArguments[0], key))
                {
                    return SortComparer.Default;
                }
            }
        }
        return SortComparer.None;
    }
}

/// <summary>What an unordered expression yields.</summary>
internal enum UnorderedShape
{
    /// <summary>Key/value pairs of a dictionary: sort by <c>Key</c>.</summary>
    Pairs,

    /// <summary>Elements of a set (or of a key or value collection held in a variable): sort by the element.</summary>
    Items,

    /// <summary><c>dictionary.Keys</c>: sort the keys.</summary>
    Keys,

    /// <summary><c>dictionary.Values</c>: sort the pairs by key, then take the values.</summary>
    Values,
}

/// <summary>The comparer of a deterministic sort of the keys.</summary>
internal enum SortComparer
{
    /// <summary>No comparer is known to be deterministic for the key type: no automatic fix.</summary>
    None,

    /// <summary><c>StringComparer.Ordinal</c>, for string keys.</summary>
    Ordinal,

    /// <summary><c>Comparer&lt;T&gt;.Default</c> (no comparer argument), for integers, enums and comparable structs.</summary>
    Default,
}

/// <summary>An expression that enumerates in an unspecified order.</summary>
internal sealed class UnorderedSource
{
    public UnorderedSource(IOperation expression, UnorderedShape shape, string display, SortComparer comparer)
    {
        Expression = expression;
        Shape = shape;
        Display = display;
        Comparer = comparer;
    }

    /// <summary>The expression, without implicit conversions (for Keys/Values, the property access).</summary>
    public IOperation Expression { get; }

    public UnorderedShape Shape { get; }

    /// <summary>The collection as shown in the message: <c>Dictionary&lt;string, int&gt;.Values</c>.</summary>
    public string Display { get; }

    public SortComparer Comparer { get; }
}

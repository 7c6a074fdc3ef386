using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parley.Analyzers.Scope;

/// <summary>
/// A cheap, syntactic over-approximation of the members state machine code can reach: starting from the state
/// machines' members, every name written in a reached member (in its body, initializer or signature) reaches every
/// source member of that name and every source type of that name; a reached type reaches what C# can call without
/// naming it — constructors, static constructors, field and property initializers, operators, conversions, indexers,
/// and overrides and interface implementations (which code elsewhere may call) — and its source base types; and a
/// construct that calls pattern members (foreach, using, await, deconstruction, collection initializers, queries,
/// ranges, interpolated string handlers) adds their names (<c>GetEnumerator</c>, <c>Dispose</c>, …). Nothing is bound, so a
/// member outside this set is known to be out of scope without the precise walk.
/// </summary>
internal sealed class NameClosure
{
    // The pattern members C# calls without naming them are found by name: each construct that calls them adds their
    // names (below), which reach every member of that name.
    private static readonly string[] QueryNames =
        { "Select", "Where", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "GroupBy", "Join", "GroupJoin", "Cast" };

    private static readonly string[] AwaitNames = { "GetAwaiter", "GetResult", "IsCompleted", "OnCompleted", "UnsafeOnCompleted" };

    private static readonly string[] ForEachNames = { "GetEnumerator", "MoveNext", "Current", "Dispose", "GetAsyncEnumerator", "MoveNextAsync", "DisposeAsync" };

    private static readonly string[] UsingNames = { "Dispose", "DisposeAsync" };

    private static readonly string[] CollectionNames = { "Add", "Create", "GetEnumerator" };

    private static readonly string[] InterpolationNames = { "AppendLiteral", "AppendFormatted" };

    private static readonly string[] DeconstructNames = { "Deconstruct" };

    private static readonly string[] IndexingNames = { "Slice", "Length", "Count" };

    private static readonly string[] FixedNames = { "GetPinnableReference" };

    private readonly HashSet<ISymbol> members;

    private NameClosure(HashSet<ISymbol> members)
    {
        this.members = members;
    }

    /// <summary>Whether state machine code may reach the member (false means it certainly does not).</summary>
    public bool MayReach(ISymbol member) => members.Contains(StateMachineScope.Canonical(member)!);

    public static NameClosure Build(Compilation compilation, IReadOnlyCollection<INamedTypeSymbol> rootTypes)
    {
        var byName = new Dictionary<string, List<ISymbol>>(System.StringComparer.Ordinal);
        var typesByName = new Dictionary<string, List<INamedTypeSymbol>>(System.StringComparer.Ordinal);
        Index(compilation.Assembly.GlobalNamespace, byName, typesByName);

        var reached = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var touched = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var seenNames = new HashSet<string>(System.StringComparer.Ordinal);
        var pendingNames = new Queue<string>();
        var pendingMembers = new Queue<ISymbol>();

        void AddName(string name)
        {
            if (seenNames.Add(name))
            {
                pendingNames.Enqueue(name);
            }
        }

        void AddMember(ISymbol member)
        {
            var key = StateMachineScope.Canonical(member)!;
            if (reached.Add(key))
            {
                pendingMembers.Enqueue(key);
            }
        }

        void Touch(INamedTypeSymbol type)
        {
            type = type.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly) || !touched.Add(type))
            {
                return;
            }
            foreach (var member in type.GetMembers())
            {
                if (member is not INamedTypeSymbol && IsCalledWithoutItsName(member))
                {
                    AddMember(member);
                }
            }
            if (type.BaseType is { } baseType)
            {
                Touch(baseType);
            }
            if (type.ContainingType is { } containing)
            {
                Touch(containing);
            }
        }

        foreach (var type in rootTypes)
        {
            Touch(type);
            foreach (var member in type.GetMembers())
            {
                if (member is not INamedTypeSymbol)
                {
                    AddMember(member);
                }
            }
        }

        while (pendingMembers.Count > 0 || pendingNames.Count > 0)
        {
            while (pendingMembers.Count > 0)
            {
                var member = pendingMembers.Dequeue();
                if (member.ContainingType is { } owner)
                {
                    Touch(owner);
                }
                foreach (var accessor in Accessors(member))
                {
                    AddMember(accessor);
                }
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var name in NamesIn(Declaration(reference.GetSyntax())))
                    {
                        AddName(name);
                    }
                }
            }
            while (pendingNames.Count > 0)
            {
                var name = pendingNames.Dequeue();
                if (byName.TryGetValue(name, out var named))
                {
                    foreach (var member in named)
                    {
                        AddMember(member);
                    }
                }
                if (typesByName.TryGetValue(name, out var types))
                {
                    foreach (var type in types)
                    {
                        Touch(type);
                    }
                }
            }
        }
        return new NameClosure(reached);
    }

    private static IEnumerable<ISymbol> Accessors(ISymbol member) => member switch
    {
        IPropertySymbol property => new ISymbol?[] { property.GetMethod, property.SetMethod }.OfType<ISymbol>(),
        IEventSymbol @event => new ISymbol?[] { @event.AddMethod, @event.RemoveMethod }.OfType<ISymbol>(),
        IMethodSymbol { AssociatedSymbol: { } associated } => new[] { associated },
        _ => System.Array.Empty<ISymbol>(),
    };

    /// <summary>The syntax whose names a member can use: a field's whole declaration (with its type), else the declaration itself.</summary>
    private static SyntaxNode Declaration(SyntaxNode syntax) =>
        syntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } ? declaration : syntax;

    /// <summary>Every simple name written in the syntax, plus the pattern members its constructs call without naming them.</summary>
    private static IEnumerable<string> NamesIn(SyntaxNode syntax)
    {
        foreach (var node in syntax.DescendantNodesAndSelf())
        {
            if (node is SimpleNameSyntax name)
            {
                yield return name.Identifier.ValueText;
                continue;
            }
            var implicitNames = node switch
            {
                QueryExpressionSyntax => QueryNames,
                AwaitExpressionSyntax => AwaitNames,
                CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.RawKind != 0 ? ForEachNames.Concat(AwaitNames).ToArray() : ForEachNames,
                UsingStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } => UsingNames,
                InitializerExpressionSyntax or CollectionExpressionSyntax => CollectionNames,
                InterpolatedStringExpressionSyntax => InterpolationNames,
                AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } or PositionalPatternClauseSyntax
                    or ForEachVariableStatementSyntax => DeconstructNames,
                RangeExpressionSyntax or ListPatternSyntax => IndexingNames,
                FixedStatementSyntax => FixedNames,
                _ => null,
            };
            if (implicitNames is not null)
            {
                foreach (var implicitName in implicitNames)
                {
                    yield return implicitName;
                }
            }
        }
    }

    /// <summary>Whether C# can call the member of a reached type without writing its name.</summary>
    private static bool IsCalledWithoutItsName(ISymbol member)
    {
        switch (member)
        {
            case IMethodSymbol method:
                return method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.UserDefinedOperator
                        or MethodKind.Conversion or MethodKind.Destructor
                    || method.IsOverride || method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterface(method);
            case IPropertySymbol property:
                return property.IsIndexer || property.IsOverride || property.ExplicitInterfaceImplementations.Length > 0
                    || ImplementsInterface(property) || HasInitializer(property);
            case IFieldSymbol field:
                return field.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax { Initializer: not null });
            case IEventSymbol @event:
                return @event.IsOverride || @event.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterface(@event);
            default:
                return false;
        }
    }

    private static bool HasInitializer(IPropertySymbol property) =>
        property.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is PropertyDeclarationSyntax { Initializer: not null });

    private static bool ImplementsInterface(ISymbol member)
    {
        var type = member.ContainingType;
        if (type is null || type.AllInterfaces.Length == 0)
        {
            return false;
        }
        foreach (var @interface in type.AllInterfaces)
        {
            foreach (var candidate in @interface.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), member))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void Index(INamespaceOrTypeSymbol container, Dictionary<string, List<ISymbol>> byName, Dictionary<string, List<INamedTypeSymbol>> typesByName)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol ns:
                    Index(ns, byName, typesByName);
                    break;
                case INamedTypeSymbol type:
                    Add(typesByName, type.Name, type);
                    Index(type, byName, typesByName);
                    break;
                default:
                    if (!member.IsImplicitlyDeclared || member is IMethodSymbol { MethodKind: MethodKind.Constructor })
                    {
                        Add(byName, SimpleName(member), member);
                    }
                    break;
            }
        }
    }

    /// <summary>The name code writes to use the member: explicit interface implementations without their interface prefix.</summary>
    private static string SimpleName(ISymbol member)
    {
        var name = member.Name;
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name.Substring(dot + 1) : name;
    }

    private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index.Add(key, list = new List<T>());
        }
        list.Add(value);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parley.Analyzers.Symbols;

namespace Parley.Analyzers.Scope;

/// <summary>
/// The code the determinism rules apply to, for one compilation: every member of every <c>[StateMachine]</c> class
/// (and of the types nested in it), and everything those members call within the compilation, followed transitively —
/// methods, property and indexer accessors, constructors (with the field initializers they run), static constructors
/// and static field initializers of the types they touch, operators, conversions, event accessors, enumerators used by
/// <c>foreach</c>, and overrides or implementations of virtual and interface members declared in the compilation.
/// Calls into referenced assemblies are not followed: the rules flag the call itself when its target is forbidden.
/// </summary>
/// <remarks>
/// One instance per <see cref="Compilation"/>, shared by every analyzer (see <see cref="For"/>). Questions are answered
/// in three steps, each computed lazily, once, thread-safely: the state machines' own members are known from their
/// attributes alone; a member that no name reachable from them could call (<see cref="NameClosure"/>, a syntactic
/// over-approximation that binds nothing) is out of scope at once; only for the remaining members is the precise
/// reachability map built, by a breadth-first walk from the state machines' members in source order, so each reached
/// member records the shortest call chain (<see cref="Reach"/>) and the result is the same on every run. Each member's
/// body is bound once by that walk, and in clean code outside the state machines the walk is usually never needed.
/// </remarks>
internal sealed class StateMachineScope
{
    private static readonly ConditionalWeakTable<Compilation, StateMachineScope> Cache = new();

    private readonly Lazy<Roots> roots;
    private readonly Lazy<NameClosure> closure;
    private readonly Lazy<ReachMap> map;
    private readonly Lazy<bool> hasUsingAliases;

    private StateMachineScope(Compilation compilation)
    {
        Compilation = compilation;
        Symbols = new KnownSymbols(compilation);
        roots = new Lazy<Roots>(() => Roots.Build(compilation, Symbols), LazyThreadSafetyMode.ExecutionAndPublication);
        closure = new Lazy<NameClosure>(() => NameClosure.Build(compilation, roots.Value.Types), LazyThreadSafetyMode.ExecutionAndPublication);
        map = new Lazy<ReachMap>(() => ReachMap.Build(compilation, roots.Value), LazyThreadSafetyMode.ExecutionAndPublication);
        hasUsingAliases = new Lazy<bool>(() => FindUsingAliases(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Whether any file declares a using alias (<c>using Money = System.Double;</c>): only then can a type name whose
    /// text is not a forbidden type's still denote one.
    /// </summary>
    public bool HasUsingAliases => hasUsingAliases.Value;

    private static bool FindUsingAliases(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var usings = tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>();
            if (usings.Any(u => u.Alias is not null))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The compilation analyzed.</summary>
    public Compilation Compilation { get; }

    /// <summary>Types resolved by metadata name once for this compilation.</summary>
    public KnownSymbols Symbols { get; }

    /// <summary>Type names memoized for this compilation.</summary>
    public TypeNames Names { get; } = new();

    /// <summary>
    /// The scope of <paramref name="compilation"/>, or null when it cannot see <c>Parley.StateMachineAttribute</c>
    /// (then it has no state machines and the analyzers register nothing).
    /// </summary>
    public static StateMachineScope? For(Compilation compilation)
    {
        var scope = Cache.GetValue(compilation, static c => new StateMachineScope(c));
        return scope.Symbols.StateMachineAttribute is null ? null : scope;
    }

    /// <summary>Whether the compilation declares at least one state machine.</summary>
    public bool HasStateMachines => roots.Value.Types.Count > 0;

    /// <summary>
    /// How state machine code reaches the code owned by <paramref name="symbol"/> (a member, or a local, parameter,
    /// lambda or local function inside one, or a state machine type itself), or null when it does not.
    /// </summary>
    public Reach? Find(ISymbol? symbol)
    {
        var member = Owner(symbol);
        if (member is null)
        {
            return null;
        }
        var rootSet = roots.Value;
        if (member is INamedTypeSymbol type)
        {
            return rootSet.TypeReach(type);
        }
        if (FindIn(rootSet.Find, member) is { } root)
        {
            return root; // a state machine's own member: no walk needed
        }
        var names = closure.Value;
        if (FindIn<ISymbol>(m => names.MayReach(m) ? m : null, member) is null)
        {
            return null; // no name reachable from a state machine can call it
        }
        return FindIn(map.Value.Find, member);
    }

    /// <summary>Looks a member up, a property or event also through its accessors.</summary>
    private static T? FindIn<T>(Func<ISymbol, T?> find, ISymbol member)
        where T : class
    {
        switch (member)
        {
            case IPropertySymbol property:
                return find(property) ?? Accessor(find, property.GetMethod) ?? Accessor(find, property.SetMethod);
            case IEventSymbol @event:
                return find(@event) ?? Accessor(find, @event.AddMethod) ?? Accessor(find, @event.RemoveMethod);
            default:
                return find(member);
        }
    }

    private static T? Accessor<T>(Func<ISymbol, T?> find, IMethodSymbol? accessor)
        where T : class => accessor is null ? null : find(Canonical(accessor)!);

    /// <summary>
    /// The member that owns code: locals, parameters, lambdas and local functions resolve to the member declaring them;
    /// partial implementations to their definition; constructed generics to their definition.
    /// </summary>
    public static ISymbol? Owner(ISymbol? symbol)
    {
        while (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
               or IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }
        return Canonical(symbol);
    }

    /// <summary>The symbol the scope is keyed by: original definitions, partial definition parts, unreduced extensions.</summary>
    public static ISymbol? Canonical(ISymbol? symbol) => symbol switch
    {
        null => null,
        IMethodSymbol method => Canonical(method),
        IPropertySymbol property => (property.PartialDefinitionPart ?? property).OriginalDefinition,
        _ => symbol.OriginalDefinition,
    };

    private static IMethodSymbol Canonical(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return method.PartialDefinitionPart ?? method;
    }

    /// <summary>The state machines, the types nested in them, and their members: the roots of every walk.</summary>
    private sealed class Roots
    {
        private readonly Dictionary<ISymbol, Reach> members;
        private readonly Dictionary<INamedTypeSymbol, Reach> types;

        private Roots(Dictionary<ISymbol, Reach> members, Dictionary<INamedTypeSymbol, Reach> types, List<Reach> ordered)
        {
            this.members = members;
            this.types = types;
            Ordered = ordered;
        }

        /// <summary>The root members, state machine by state machine in source order, each in declaration order.</summary>
        public IReadOnlyList<Reach> Ordered { get; }

        /// <summary>The state machine types and the types nested in them.</summary>
        public IReadOnlyCollection<INamedTypeSymbol> Types => types.Keys;

        public Reach? Find(ISymbol member) => members.TryGetValue(Canonical(member)!, out var reach) ? reach : null;

        public Reach? TypeReach(INamedTypeSymbol type) =>
            types.TryGetValue(type.OriginalDefinition, out var reach) ? reach : null;

        public static Roots Build(Compilation compilation, KnownSymbols symbols)
        {
            var members = new Dictionary<ISymbol, Reach>(SymbolEqualityComparer.Default);
            var types = new Dictionary<INamedTypeSymbol, Reach>(SymbolEqualityComparer.Default);
            var ordered = new List<Reach>();
            var stateMachines = new List<INamedTypeSymbol>();
            var anyAttributeName = FindUsingAliases(compilation);
            CollectStateMachines(compilation.Assembly.GlobalNamespace, symbols.StateMachineAttribute!, anyAttributeName, stateMachines);
            stateMachines.Sort(CompareBySource);
            foreach (var stateMachine in stateMachines)
            {
                Add(stateMachine, stateMachine, members, types, ordered);
            }
            return new Roots(members, types, ordered);
        }

        private static void Add(
            INamedTypeSymbol type,
            INamedTypeSymbol stateMachine,
            Dictionary<ISymbol, Reach> members,
            Dictionary<INamedTypeSymbol, Reach> types,
            List<Reach> ordered)
        {
            if (types.ContainsKey(type))
            {
                return;
            }
            types.Add(type, new Reach(type, stateMachine, caller: null));
            foreach (var member in type.GetMembers())
            {
                if (member is INamedTypeSymbol nested)
                {
                    Add(nested, stateMachine, members, types, ordered);
                    continue;
                }
                var key = Canonical(member)!;
                if (!members.ContainsKey(key))
                {
                    var reach = new Reach(key, stateMachine, caller: null);
                    members.Add(key, reach);
                    ordered.Add(reach);
                }
            }
        }

        /// <summary>
        /// Finds the <c>[StateMachine]</c> types. Attributes are bound only for type declarations that carry an attribute
        /// named <c>StateMachine</c> (or any attribute, when a using alias could rename it): binding every type's
        /// attributes would cost more than the rest of the scope.
        /// </summary>
        private static void CollectStateMachines(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute, bool anyAttributeName, List<INamedTypeSymbol> found)
        {
            foreach (var member in container.GetMembers())
            {
                switch (member)
                {
                    case INamespaceSymbol ns:
                        CollectStateMachines(ns, attribute, anyAttributeName, found);
                        break;
                    case INamedTypeSymbol type:
                        if (MayCarry(type, anyAttributeName)
                            && type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                        {
                            found.Add(type);
                        }
                        else
                        {
                            CollectStateMachines(type, attribute, anyAttributeName, found);
                        }
                        break;
                }
            }
        }

        private static bool MayCarry(INamedTypeSymbol type, bool anyAttributeName)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not BaseTypeDeclarationSyntax declaration)
                {
                    continue;
                }
                foreach (var list in declaration.AttributeLists)
                {
                    foreach (var attribute in list.Attributes)
                    {
                        var name = attribute.Name switch
                        {
                            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
                            SimpleNameSyntax simple => simple.Identifier.ValueText,
                            _ => "",
                        };
                        if (anyAttributeName || name is "StateMachine" or "StateMachineAttribute")
                        {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static int CompareBySource(INamedTypeSymbol x, INamedTypeSymbol y)
        {
            var a = x.Locations.FirstOrDefault(l => l.IsInSource);
            var b = y.Locations.FirstOrDefault(l => l.IsInSource);
            var byPath = string.CompareOrdinal(a?.SourceTree?.FilePath, b?.SourceTree?.FilePath);
            if (byPath != 0)
            {
                return byPath;
            }
            var byPosition = (a?.SourceSpan.Start ?? 0).CompareTo(b?.SourceSpan.Start ?? 0);
            return byPosition != 0 ? byPosition : string.CompareOrdinal(x.MetadataName, y.MetadataName);
        }
    }

    /// <summary>The precise result of the walk: every member state machine code reaches, with its shortest chain.</summary>
    private sealed class ReachMap
    {
        private readonly Dictionary<ISymbol, Reach> members;

        private ReachMap(Dictionary<ISymbol, Reach> members)
        {
            this.members = members;
        }

        public Reach? Find(ISymbol member) => members.TryGetValue(Canonical(member)!, out var reach) ? reach : null;

        public static ReachMap Build(Compilation compilation, Roots roots)
        {
            var members = new Dictionary<ISymbol, Reach>(SymbolEqualityComparer.Default);
            var queue = new Queue<Reach>();
            foreach (var root in roots.Ordered)
            {
                members.Add(root.Member, root);
                queue.Enqueue(root);
            }
            var graph = new CallGraph(compilation);
            while (queue.Count > 0)
            {
                var reach = queue.Dequeue();
                foreach (var callee in graph.Callees(reach.Member))
                {
                    var key = Canonical(callee)!;
                    if (!members.ContainsKey(key))
                    {
                        var next = new Reach(key, reach.StateMachine, reach);
                        members.Add(key, next);
                        queue.Enqueue(next);
                    }
                }
            }
            return new ReachMap(members);
        }
    }
}

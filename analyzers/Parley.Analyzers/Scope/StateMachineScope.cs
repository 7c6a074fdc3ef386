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
/// One instance per <see cref="Compilation"/>, shared by every analyzer (see <see cref="For"/>). The reachability map
/// is computed lazily, once, on the first question (thread-safe), by a breadth-first walk from the state machines'
/// members in source order, so each reached member records the shortest call chain (<see cref="Reach"/>) and the
/// result is the same on every run. Each member's body is bound once: the walk visits a member only the first time it
/// is reached.
/// </remarks>
internal sealed class StateMachineScope
{
    private static readonly ConditionalWeakTable<Compilation, StateMachineScope> Cache = new();

    private readonly Lazy<ReachMap> map;
    private readonly Lazy<bool> hasUsingAliases;

    private StateMachineScope(Compilation compilation)
    {
        Compilation = compilation;
        Symbols = new KnownSymbols(compilation);
        map = new Lazy<ReachMap>(() => ReachMap.Build(compilation, Symbols), LazyThreadSafetyMode.ExecutionAndPublication);
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

    /// <summary>Whether the compilation declares at least one state machine (computes the scope).</summary>
    public bool HasStateMachines => map.Value.HasStateMachines;

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
        var reachMap = map.Value;
        switch (member)
        {
            case INamedTypeSymbol type:
                return reachMap.TypeReach(type);
            case IPropertySymbol property:
                return reachMap.Find(property)
                    ?? reachMap.Find(property.GetMethod)
                    ?? reachMap.Find(property.SetMethod);
            case IEventSymbol @event:
                return reachMap.Find(@event)
                    ?? reachMap.Find(@event.AddMethod)
                    ?? reachMap.Find(@event.RemoveMethod);
            default:
                return reachMap.Find(member);
        }
    }

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

    /// <summary>The immutable result of the walk.</summary>
    private sealed class ReachMap
    {
        private readonly Dictionary<ISymbol, Reach> members;
        private readonly Dictionary<INamedTypeSymbol, Reach> types;

        private ReachMap(Dictionary<ISymbol, Reach> members, Dictionary<INamedTypeSymbol, Reach> types)
        {
            this.members = members;
            this.types = types;
        }

        public bool HasStateMachines => types.Count > 0;

        public Reach? Find(ISymbol? member) =>
            member is not null && members.TryGetValue(Canonical(member)!, out var reach) ? reach : null;

        public Reach? TypeReach(INamedTypeSymbol type) =>
            types.TryGetValue(type.OriginalDefinition, out var reach) ? reach : null;

        public static ReachMap Build(Compilation compilation, KnownSymbols symbols)
        {
            var members = new Dictionary<ISymbol, Reach>(SymbolEqualityComparer.Default);
            var types = new Dictionary<INamedTypeSymbol, Reach>(SymbolEqualityComparer.Default);
            var attribute = symbols.StateMachineAttribute!;

            var stateMachines = new List<INamedTypeSymbol>();
            CollectStateMachines(compilation.Assembly.GlobalNamespace, attribute, stateMachines);
            stateMachines.Sort(CompareBySource);

            var queue = new Queue<Reach>();
            foreach (var stateMachine in stateMachines)
            {
                AddRoots(stateMachine, stateMachine, members, types, queue);
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
            return new ReachMap(members, types);
        }

        private static void AddRoots(
            INamedTypeSymbol type,
            INamedTypeSymbol stateMachine,
            Dictionary<ISymbol, Reach> members,
            Dictionary<INamedTypeSymbol, Reach> types,
            Queue<Reach> queue)
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
                    AddRoots(nested, stateMachine, members, types, queue);
                    continue;
                }
                var key = Canonical(member)!;
                if (!members.ContainsKey(key))
                {
                    var reach = new Reach(key, stateMachine, caller: null);
                    members.Add(key, reach);
                    queue.Enqueue(reach);
                }
            }
        }

        private static void CollectStateMachines(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute, List<INamedTypeSymbol> found)
        {
            foreach (var member in container.GetMembers())
            {
                switch (member)
                {
                    case INamespaceSymbol ns:
                        CollectStateMachines(ns, attribute, found);
                        break;
                    case INamedTypeSymbol type:
                        if (type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                        {
                            found.Add(type);
                        }
                        else
                        {
                            CollectStateMachines(type, attribute, found);
                        }
                        break;
                }
            }
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
}

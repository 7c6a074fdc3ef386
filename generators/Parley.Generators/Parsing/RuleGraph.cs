using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Parley.Generators.Translation;

namespace Parley.Generators.Parsing;

/// <summary>
/// The call graph of a state machine's rules: which of its methods and computed properties each one calls, and which
/// use the action context (<c>Mover</c>, <c>Balance</c>, <c>Transfer</c>, <c>PayAll</c>) directly or through callees.
/// </summary>
internal sealed class RuleGraph
{
    private static readonly string[] ContextApi = { "Mover", "Balance", "Transfer", "PayAll" };

    private readonly INamedTypeSymbol _machine;
    private readonly KnownSymbols _known;
    private readonly Compilation _compilation;
    private readonly Dictionary<ISymbol, List<ISymbol>> _callees = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, string?> _directContext = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, bool> _usesContext = new(SymbolEqualityComparer.Default);

    public RuleGraph(INamedTypeSymbol machine, KnownSymbols known, Compilation compilation)
    {
        _machine = machine;
        _known = known;
        _compilation = compilation;
    }

    /// <summary>The members reachable from <paramref name="roots"/>, in source order.</summary>
    public IReadOnlyList<ISymbol> Reach(IEnumerable<ISymbol> roots, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ISymbol>(roots);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var member = pending.Pop();
            if (!seen.Add(member))
            {
                continue;
            }
            foreach (var callee in Callees(member))
            {
                pending.Push(callee);
            }
        }
        return seen
            .OrderBy(s => s.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? string.Empty, System.StringComparer.Ordinal)
            .ThenBy(s => s.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ThenBy(s => s.Name, System.StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Members of <paramref name="members"/> that can reach themselves.</summary>
    public IEnumerable<ISymbol> Recursive(IReadOnlyList<ISymbol> members)
    {
        foreach (var member in members)
        {
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<ISymbol>(Callees(member));
            while (pending.Count > 0)
            {
                var next = pending.Pop();
                if (SymbolEqualityComparer.Default.Equals(next, member))
                {
                    yield return member;
                    break;
                }
                if (seen.Add(next))
                {
                    foreach (var callee in Callees(next))
                    {
                        pending.Push(callee);
                    }
                }
            }
        }
    }

    public bool UsesContext(ISymbol member) => UsesContext(member, new HashSet<ISymbol>(SymbolEqualityComparer.Default));

    /// <summary>The first action-context API a member uses, directly or through its callees.</summary>
    public string? ContextApiUsedBy(ISymbol member)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ISymbol>();
        pending.Push(member);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next))
            {
                continue;
            }
            Callees(next);
            if (_directContext[next] is { } api)
            {
                return api;
            }
            foreach (var callee in Callees(next))
            {
                pending.Push(callee);
            }
        }
        return null;
    }

    private bool UsesContext(ISymbol member, HashSet<ISymbol> visiting)
    {
        if (_usesContext.TryGetValue(member, out var known))
        {
            return known;
        }
        if (!visiting.Add(member))
        {
            return false;
        }
        var callees = Callees(member);
        var result = _directContext[member] is not null || callees.Any(c => UsesContext(c, visiting));
        visiting.Remove(member);
        _usesContext[member] = result;
        return result;
    }

    private List<ISymbol> Callees(ISymbol member)
    {
        if (_callees.TryGetValue(member, out var list))
        {
            return list;
        }
        list = new List<ISymbol>();
        string? contextApi = null;
        var method = member as IMethodSymbol ?? (member as IPropertySymbol)?.GetMethod;
        var body = method is null ? null : SolidityTranslator.BodyOf(method, _compilation);
        if (body is not null)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                ISymbol? target = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };
                if (target is null)
                {
                    continue;
                }
                if (_known.IsRuleApi(target))
                {
                    if (contextApi is null && ContextApi.Contains(target.Name))
                    {
                        contextApi = target.Name;
                    }
                    continue;
                }
                if (!SymbolEqualityComparer.Default.Equals(target.ContainingType, _machine) || !target.Locations.Any(l => l.IsInSource))
                {
                    continue;
                }
                if (target is IPropertySymbol p && StateMachineParser.BackingFieldOf(p) is not null)
                {
                    continue;
                }
                if (target is IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                {
                    continue;
                }
                if (!list.Contains(target, SymbolEqualityComparer.Default))
                {
                    list.Add(target);
                }
            }
        }
        _callees[member] = list;
        _directContext[member] = contextApi;
        return list;
    }
}

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Parley.Analyzers.Symbols;

namespace Parley.Analyzers.Rules;

/// <summary>
/// A list of forbidden APIs: whole namespaces (with their sub-namespaces), whole types (all members, constructors
/// included), or named members of a type, minus exceptions claimed by another rule. Types are named by full metadata
/// name (<c>System.Threading.Tasks.Task</c>, <c>System.Collections.Generic.Dictionary`2</c>, nested with <c>+</c>).
/// </summary>
internal sealed class ApiTable
{
    private readonly Dictionary<string, HashSet<string>?> types = new(System.StringComparer.Ordinal);
    private readonly List<string> namespaces = new();
    private readonly HashSet<string> excludedTypes = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> excludedMembers = new(System.StringComparer.Ordinal);

    /// <summary>Forbids every member of every type in <paramref name="ns"/> and its sub-namespaces.</summary>
    public ApiTable Namespace(string ns)
    {
        namespaces.Add(ns);
        return this;
    }

    /// <summary>Forbids every member of the type, its constructors included.</summary>
    public ApiTable Type(string metadataName)
    {
        types[metadataName] = null;
        return this;
    }

    /// <summary>Forbids the named members of the type (methods of all overloads, properties, fields, events).</summary>
    public ApiTable Members(string metadataName, params string[] memberNames)
    {
        if (!types.TryGetValue(metadataName, out var set) || set is null)
        {
            set = new HashSet<string>(System.StringComparer.Ordinal);
            types[metadataName] = set;
        }
        set.UnionWith(memberNames);
        return this;
    }

    /// <summary>Exempts a whole type from a namespace entry (another rule reports it).</summary>
    public ApiTable ExceptType(string metadataName)
    {
        excludedTypes.Add(metadataName);
        return this;
    }

    /// <summary>Exempts named members of a type from a namespace or type entry (another rule reports them).</summary>
    public ApiTable ExceptMembers(string metadataName, params string[] memberNames)
    {
        if (!excludedMembers.TryGetValue(metadataName, out var set))
        {
            excludedMembers[metadataName] = set = new HashSet<string>(System.StringComparer.Ordinal);
        }
        set.UnionWith(memberNames);
        return this;
    }

    /// <summary>Whether using <paramref name="member"/> (a method, property, field or event) is forbidden.</summary>
    public bool Matches(ISymbol member, TypeNames names)
    {
        if (member is IMethodSymbol { ReducedFrom: { } reduced })
        {
            member = reduced;
        }
        if (member.ContainingType is not { } type)
        {
            return false;
        }
        var typeName = names.Of(type);
        var memberName = member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name;
        if (excludedTypes.Contains(typeName) || excludedMembers.TryGetValue(typeName, out var excluded) && excluded.Contains(memberName))
        {
            return false;
        }
        if (types.TryGetValue(typeName, out var set))
        {
            return set is null || set.Contains(memberName);
        }
        return InNamespaces(type, names);
    }

    /// <summary>Whether every member of <paramref name="type"/> is forbidden (a whole-type or namespace entry).</summary>
    public bool MatchesWholeType(INamedTypeSymbol type, TypeNames names)
    {
        var typeName = names.Of(type);
        if (excludedTypes.Contains(typeName))
        {
            return false;
        }
        if (types.TryGetValue(typeName, out var set))
        {
            return set is null;
        }
        return InNamespaces(type, names);
    }

    private bool InNamespaces(INamedTypeSymbol type, TypeNames names)
    {
        if (namespaces.Count == 0)
        {
            return false;
        }
        var ns = names.NamespaceOf(type);
        foreach (var prefix in namespaces)
        {
            if (ns.StartsWith(prefix, System.StringComparison.Ordinal) && (ns.Length == prefix.Length || ns[prefix.Length] == '.'))
            {
                return true;
            }
        }
        return false;
    }
}

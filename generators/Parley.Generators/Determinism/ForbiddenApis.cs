using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Parley.Generators.Determinism;

/// <summary>
/// The library APIs that Parley's determinism analyzers (<c>analyzers/Parley.Analyzers/Rules/</c>) report wherever state
/// machine code uses them, as one union table: PARLEY001 clocks (<c>ClockAnalyzer.Apis</c>), PARLEY002 randomness,
/// PARLEY004 hash codes, PARLEY006 I/O and environment, PARLEY007 concurrency (all of System.Threading), PARLEY009
/// reflection and PARLEY010 unsafe memory APIs. The generator cannot reference the analyzer assembly, so the tables are
/// repeated here, by full metadata name; <c>DeterminismScreenTests</c> runs the analyzers over every entry kind and fails
/// when an entry here is one the analyzers do not report.
/// </summary>
/// <remarks>
/// The table must stay a subset of what the analyzers report: a use matched here makes the generator stay silent about
/// the construct, trusting an analyzer's error to fail the build. The analyzers' per-rule exceptions (a member one rule
/// leaves to another) do not matter for the union and are not repeated.
/// </remarks>
internal static class ForbiddenApis
{
    /// <summary>Namespaces every member of which is reported (with their sub-namespaces).</summary>
    private static readonly string[] Namespaces =
    {
        // PARLEY006
        "System.IO", "System.Net", "System.Data", "Microsoft.Win32", "Microsoft.Extensions.Logging", "System.Diagnostics.Tracing",
        "System.Configuration", "Microsoft.Extensions.Configuration", "Microsoft.Data", "Npgsql", "Azure", "Microsoft.Azure",
        // PARLEY001 + PARLEY007 (clocks and timers in System.Threading are PARLEY001's, the rest PARLEY007's)
        "System.Threading",
        // PARLEY009
        "System.Reflection", "System.Runtime.Loader",
    };

    /// <summary>Types every member (constructors included) of which is reported.</summary>
    private static readonly HashSet<string> WholeTypes = new(StringComparer.Ordinal)
    {
        // PARLEY001
        "System.Diagnostics.Stopwatch", "System.TimeProvider", "System.Timers.Timer",
        // PARLEY002
        "System.Random", "System.Security.Cryptography.RandomNumberGenerator", "System.Security.Cryptography.RNGCryptoServiceProvider",
        // PARLEY004
        "System.HashCode",
        // PARLEY006
        "System.Console", "System.Environment", "System.AppContext", "System.AppDomain", "System.GC", "System.OperatingSystem",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Diagnostics.Debug", "System.Diagnostics.Trace",
        "System.Diagnostics.Debugger", "System.Diagnostics.StackTrace", "System.Diagnostics.StackFrame", "System.Diagnostics.Activity",
        "System.Diagnostics.ActivitySource", "System.Runtime.InteropServices.RuntimeInformation",
        // PARLEY007
        "System.Linq.ParallelEnumerable", "System.Linq.ParallelQuery", "System.Linq.ParallelQuery`1", "System.Linq.OrderedParallelQuery`1",
        // PARLEY009 (RuntimeHelpers.GetHashCode is PARLEY004's)
        "System.Type", "System.Activator", "System.Runtime.CompilerServices.RuntimeHelpers", "System.ComponentModel.TypeDescriptor",
        // PARLEY010
        "System.Runtime.CompilerServices.Unsafe", "System.Runtime.InteropServices.Marshal", "System.Runtime.InteropServices.MemoryMarshal",
        "System.Runtime.InteropServices.CollectionsMarshal", "System.Runtime.InteropServices.NativeMemory",
        "System.Runtime.InteropServices.NativeLibrary", "System.Runtime.InteropServices.GCHandle", "System.IntPtr", "System.UIntPtr",
    };

    /// <summary>Named members of a type that are reported (all overloads; properties, fields, events by name).</summary>
    private static readonly Dictionary<string, string[]> Members = new(StringComparer.Ordinal)
    {
        // PARLEY001
        ["System.DateTime"] = new[] { "Now", "UtcNow", "Today" },
        ["System.DateTimeOffset"] = new[] { "Now", "UtcNow" },
        // PARLEY002
        ["System.Guid"] = new[] { "NewGuid", "CreateVersion7" },
        // PARLEY009
        ["System.Object"] = new[] { "GetType" },
        ["System.Delegate"] = new[] { "DynamicInvoke", "Method", "Target" },
        // PARLEY010
        ["System.Buffer"] = new[] { "MemoryCopy" },
    };

    /// <summary>
    /// Whether using <paramref name="member"/> (a method, constructor, property, field or event) is reported by one of
    /// the analyzers' API tables, or is a call of any <c>GetHashCode</c> (PARLEY004).
    /// </summary>
    public static bool Matches(ISymbol member)
    {
        if (member is IMethodSymbol { ReducedFrom: { } reduced })
        {
            member = reduced;
        }
        if (member is IMethodSymbol { Name: "GetHashCode" })
        {
            return true;
        }
        if (member.ContainingType is not { } type)
        {
            return false;
        }
        var name = MetadataName(type, out var ns);
        if (WholeTypes.Contains(name))
        {
            return true;
        }
        var memberName = member is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : member.Name;
        if (Members.TryGetValue(name, out var names) && Array.IndexOf(names, memberName) >= 0)
        {
            return true;
        }
        return InNamespaces(ns);
    }

    /// <summary>Whether every member of <paramref name="type"/> is reported (creations of types derived from it are too).</summary>
    public static bool MatchesWholeType(INamedTypeSymbol type)
    {
        var name = MetadataName(type, out var ns);
        return WholeTypes.Contains(name) || InNamespaces(ns);
    }

    private static bool InNamespaces(string ns)
    {
        foreach (var prefix in Namespaces)
        {
            if (ns.StartsWith(prefix, StringComparison.Ordinal) && (ns.Length == prefix.Length || ns[prefix.Length] == '.'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The full metadata name of a type's original definition (nested types joined with <c>+</c>) and its namespace.</summary>
    internal static string MetadataName(INamedTypeSymbol type, out string ns)
    {
        var outermost = type.OriginalDefinition;
        var name = new StringBuilder(outermost.MetadataName);
        while (outermost.ContainingType is { } containing)
        {
            name.Insert(0, containing.MetadataName + "+");
            outermost = containing;
        }
        var parts = new List<string>();
        for (var n = outermost.ContainingNamespace; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            parts.Add(n.Name);
        }
        parts.Reverse();
        ns = string.Join(".", parts);
        return ns.Length == 0 ? name.ToString() : ns + "." + name;
    }
}

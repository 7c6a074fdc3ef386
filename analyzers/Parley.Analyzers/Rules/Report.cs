using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>Creates determinism diagnostics: the rule's arguments, then how state machine code reaches the location.</summary>
internal static class Report
{
    public static Diagnostic Create(
        DiagnosticDescriptor descriptor,
        Location location,
        Reach reach,
        params string[] arguments) => Create(descriptor, location, reach, properties: null, arguments);

    public static Diagnostic Create(
        DiagnosticDescriptor descriptor,
        Location location,
        Reach reach,
        ImmutableDictionary<string, string?>? properties,
        params string[] arguments)
    {
        var messageArguments = arguments.Cast<object?>().Append(reach.Describe()).ToArray();
        return Diagnostic.Create(descriptor, location, properties, messageArguments);
    }
}

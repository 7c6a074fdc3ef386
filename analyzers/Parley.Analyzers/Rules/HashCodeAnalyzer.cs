using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY004: hash codes — any call of or method group for a method named <c>GetHashCode</c> (<c>object</c>'s and its
/// overrides, <c>EqualityComparer&lt;T&gt;</c>, <c>StringComparer</c>, <c>string.GetHashCode(…)</c>,
/// <c>RuntimeHelpers.GetHashCode</c>) and every member of <c>System.HashCode</c>. Declaring an override is fine;
/// calling it is not. Looking keys up in a dictionary hashes internally but its result does not depend on the hash.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HashCodeAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable().Type("System.HashCode");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.HashCode);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope) =>
        ApiUse.Register(
            context,
            scope,
            DiagnosticDescriptors.HashCode,
            m => m is IMethodSymbol { Name: "GetHashCode" } || Apis.Matches(m, scope.Names),
            t => Apis.MatchesWholeType(t, scope.Names));
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY002: randomness — <c>System.Random</c> of any kind (seeded, unseeded, <c>Random.Shared</c>, subclasses),
/// <c>RandomNumberGenerator</c>, <c>RNGCryptoServiceProvider</c>, <c>Guid.NewGuid</c> and <c>Guid.CreateVersion7</c>.
/// The message explains commit–reveal with <c>Keccak256</c>, the way a channel gets fair randomness.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RandomnessAnalyzer : DeterminismAnalyzer
{
    private static readonly ApiTable Apis = new ApiTable()
        .Type("System.Random")
        .Type("System.Security.Cryptography.RandomNumberGenerator")
        .Type("System.Security.Cryptography.RNGCryptoServiceProvider")
        .Members("System.Guid", "NewGuid", "CreateVersion7");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.Randomness);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope) =>
        ApiUse.Register(context, scope, DiagnosticDescriptors.Randomness, m => Apis.Matches(m, scope.Names), t => Apis.MatchesWholeType(t, scope.Names));
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Scope;

namespace Parley.Analyzers.Rules;

/// <summary>
/// PARLEY001: clocks and timers — <c>DateTime.Now/UtcNow/Today</c>, <c>DateTimeOffset.Now/UtcNow</c>,
/// <c>Stopwatch</c>, <c>Environment.TickCount/TickCount64</c>, <c>TimeProvider</c>, <c>Task.Delay</c>,
/// <c>Thread.Sleep</c>, <c>CancellationTokenSource.CancelAfter</c> and the timer types. Using <c>DateTime</c> as a
/// value (a parameter, <c>new DateTime(…)</c>, arithmetic) is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClockAnalyzer : DeterminismAnalyzer
{
    /// <summary>The clock and timer APIs (shared with <see cref="ConcurrencyAnalyzer"/>, which leaves them to this rule).</summary>
    internal static readonly ApiTable Apis = new ApiTable()
        .Members("System.DateTime", "Now", "UtcNow", "Today")
        .Members("System.DateTimeOffset", "Now", "UtcNow")
        .Type("System.Diagnostics.Stopwatch")
        .Members("System.Environment", "TickCount", "TickCount64")
        .Type("System.TimeProvider")
        .Members("System.Threading.Tasks.Task", "Delay")
        .Members("System.Threading.Thread", "Sleep")
        .Members("System.Threading.CancellationTokenSource", "CancelAfter")
        .Type("System.Threading.Timer")
        .Type("System.Threading.PeriodicTimer")
        .Type("System.Timers.Timer");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.Clock);

    private protected override void Register(CompilationStartAnalysisContext context, StateMachineScope scope) =>
        ApiUse.Register(context, scope, DiagnosticDescriptors.Clock, m => Apis.Matches(m, scope.Names), t => Apis.MatchesWholeType(t, scope.Names));
}

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parley.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the generator and then Parley's determinism analyzers over the generator's output, as a build does, and
/// returns every error of the result: the generator's diagnostics, the analyzers' and the compiler's.
/// </summary>
internal static class AnalyzerHarness
{
    /// <summary>One instance of every analyzer in the Parley.Analyzers assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(Parley.Analyzers.Rules.ClockAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The generator's run result, the output compilation, and every error (generator, analyzers, compiler), ordered by position.</summary>
    public static async Task<(GeneratorRunResult Result, Compilation Output, IReadOnlyList<Diagnostic> Errors)> BuildAsync(Compilation compilation)
    {
        var (result, output) = GeneratorHarness.Run(compilation);
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var analyzerDiagnostics = await output.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        if (exceptions.Count > 0 || analyzerDiagnostics.Any(d => d.Id == "AD0001"))
        {
            throw new InvalidOperationException("An analyzer threw:\n" + string.Join("\n", exceptions.Concat(analyzerDiagnostics.Select(d => d.ToString()))));
        }
        var errors = result.Diagnostics
            .Concat(analyzerDiagnostics)
            .Concat(output.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        return (result, output, errors);
    }
}

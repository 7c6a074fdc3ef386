using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Parley.Analyzers.Rules;

namespace Parley.Analyzers.Bench;

/// <summary>
/// The analyzers' share of one compilation, measured in process as CPU time of this process: binding every method
/// body (what the compiler does before emitting) with and without the analyzers, on fresh compilations, and each
/// analyzer alone (<see cref="MeasureEachAsync"/>).
/// </summary>
public static class InProcessTimer
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(DeterminismAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>A fresh compilation of the benchmark project's sources against this runtime's framework assemblies.</summary>
    public static CSharpCompilation Load(string projectDirectory)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq;", parse, "GlobalUsings.cs"));
        return CSharpCompilation.Create("Bench", trees, References.Value, new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, checkOverflow: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    private static readonly Lazy<List<MetadataReference>> References = new(() => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToList());

    /// <summary>Medians over the runs: binding alone, binding with the analyzers, and the paired difference (the analyzers' own cost).</summary>
    public sealed record Result(double WithoutMs, double WithMs, double AddedMs, int Diagnostics);

    public static async Task<Result> MeasureAsync(string projectDirectory, int runs)
    {
        CSharpCompilation Fresh() => Load(projectDirectory);

        var without = new List<double>();
        var with = new List<double>();
        var diagnostics = 0;
        for (var run = 0; run <= runs; run++)
        {
            var plain = Fresh();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var errors = plain.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var plainMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            if (errors > 0)
            {
                throw new InvalidOperationException("The benchmark project does not compile in process.");
            }

            var analyzed = Fresh().WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var all = await analyzed.GetAllDiagnosticsAsync();
            var analyzedMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            diagnostics = all.Count(d => d.Id.StartsWith("PARLEY", StringComparison.Ordinal));
            if (run == 0)
            {
                continue; // warm-up: JIT of the compiler and the analyzers
            }
            without.Add(plainMs);
            with.Add(analyzedMs);
        }
        return new Result(Median(without), Median(with), Median(with.Zip(without, (a, b) => a - b).ToList()), diagnostics);
    }

    /// <summary>Each analyzer alone: the median time of a compilation analyzed by it only, minus the plain compilation.</summary>
    public static async Task<IReadOnlyList<(string Analyzer, double Ms)>> MeasureEachAsync(string projectDirectory, int runs)
    {
        var result = new List<(string, double)>();
        foreach (var analyzer in Analyzers)
        {
            var times = new List<double>();
            for (var run = 0; run <= runs; run++)
            {
                var compilation = Load(projectDirectory);
                var analyzed = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, true, false));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                await analyzed.GetAllDiagnosticsAsync();
                if (run > 0)
                {
                    times.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
                }
            }
            result.Add((analyzer.GetType().Name, Median(times)));
        }
        return result;
    }

    /// <summary>
    /// The added cost of B over A as a percentage of A: the median of the paired differences (each pair measured
    /// back to back, so that slow drifts of the machine's load cancel) over the median of A.
    /// </summary>
    public static double PairedOverheadPercent(IReadOnlyList<double> without, IReadOnlyList<double> with) =>
        Median(with.Zip(without, (b, a) => b - a).ToList()) / Median(without) * 100;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

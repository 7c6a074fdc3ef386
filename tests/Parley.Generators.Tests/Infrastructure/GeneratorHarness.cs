using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Parley.Generators;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.Generators.Tests.Infrastructure;

/// <summary>
/// Builds C# compilations in memory (reference assemblies from the running runtime's TRUSTED_PLATFORM_ASSEMBLIES plus
/// the Parley runtime) and runs the <see cref="StateMachineGenerator"/> over them with <see cref="CSharpGeneratorDriver"/>.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = paths
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(StateMachine).Assembly.Location));
        return [.. references];
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Preview);

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, bool checkOverflow = true, string assemblyName = "Machines") =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path)),
            LazyReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, checkOverflow: checkOverflow));

    public static CSharpCompilation Compile(string source, bool checkOverflow = true, string assemblyName = "Machines") =>
        Compile([("/src/Machine.cs", "using Parley;\nusing Parley.StateMachines;\n" + source)], checkOverflow, assemblyName);

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new StateMachineGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>The example state machine sources under examples/.</summary>
    public static IReadOnlyList<(string Path, string Text)> ExampleSources(string project)
    {
        var folder = Path.Combine(RepoPaths.Root, "examples", project);
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No example sources in {folder}.");
        }
        return files.Select(f => ("/examples/" + project + "/" + Path.GetFileName(f), File.ReadAllText(f))).ToList();
    }

    /// <summary>Errors and warnings of a compilation, formatted one per line (empty when clean).</summary>
    public static string Problems(Compilation compilation) =>
        string.Join("\n", compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
}

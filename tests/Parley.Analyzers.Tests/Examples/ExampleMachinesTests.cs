using System.Collections.Immutable;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Parley.Analyzers.Scope;
using Parley.Analyzers.Tests.Harness;

namespace Parley.Analyzers.Tests.Examples;

/// <summary>
/// The example state machines (<c>examples/TicTacToe</c>, <c>examples/Machines</c>) produce no determinism
/// diagnostic: compiled as their projects compile them (their sources, the generator's output, the runtime, their
/// CheckForOverflowUnderflow setting) and analyzed with every Parley analyzer. Fails if a folder holds no source or no
/// state machine, so it cannot pass vacuously.
/// </summary>
public sealed class ExampleMachinesTests
{
    [Theory]
    [InlineData("examples/TicTacToe")]
    [InlineData("examples/Machines")]
    public async Task Examples_produce_no_determinism_diagnostic(string folder)
    {
        var directory = Path.Combine(Repo.Root, folder);
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        var project = Assert.Single(Directory.GetFiles(directory, "*.csproj"));
        var checkOverflow = string.Equals(Property(project, "CheckForOverflowUnderflow"), "true", StringComparison.OrdinalIgnoreCase);

        var compilation = TestCompilation.Create(
            files.Select(f => (f, File.ReadAllText(f))),
            checkOverflow,
            withParleyStubs: false,
            extraReferences: [MetadataReference.CreateFromFile(typeof(StateMachineAttribute).Assembly.Location)]);
        compilation = RunGenerator(compilation);

        var scope = StateMachineScope.For(compilation);
        Assert.NotNull(scope);
        Assert.True(scope.HasStateMachines, $"{folder} declares no [StateMachine] class.");
        var diagnostics = await AnalyzerRunner.RunAsync(compilation);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(AnalyzerRunner.Describe)));
    }

    private static CSharpCompilation RunGenerator(CSharpCompilation compilation)
    {
        var generator = new Parley.Generators.StateMachineGenerator();
        var driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        return (CSharpCompilation)output;
    }

    private static string? Property(string project, string name) =>
        XDocument.Load(project).Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
}

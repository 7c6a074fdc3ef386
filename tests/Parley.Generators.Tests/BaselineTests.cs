using Microsoft.CodeAnalysis;
using Parley.Generators.Tests.Infrastructure;

namespace Parley.Generators.Tests;

/// <summary>
/// The generated C# and Solidity of every example state machine, against the baseline files (regenerate with
/// <c>PARLEY_UPDATE_BASELINES=1</c>), and the generated C# compiles without errors or warnings.
/// </summary>
public sealed class BaselineTests
{
    public static TheoryData<string> Projects => new() { "TicTacToe", "Machines" };

    [Theory]
    [MemberData(nameof(Projects))]
    public void Generated_code_matches_the_baselines_and_compiles_cleanly(string project)
    {
        var compilation = GeneratorHarness.Compile(GeneratorHarness.ExampleSources(project));
        var (result, output) = GeneratorHarness.Run(compilation);

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Exception);
        Assert.Equal(string.Empty, GeneratorHarness.Problems(output));
        Assert.NotEmpty(result.GeneratedSources);
        foreach (var source in result.GeneratedSources)
        {
            BaselineFiles.Verify(source.HintName + ".txt", source.SourceText.ToString());
        }
        var machines = result.GeneratedSources.Count(s => s.HintName.EndsWith(".sol.g.cs", StringComparison.Ordinal));
        Assert.Equal(project == "TicTacToe" ? 1 : 4, machines);
    }

    [Fact]
    public void Generated_public_members_are_documented()
    {
        // A library with GenerateDocumentationFile and warnings as errors (as Parley's own projects) must not get CS1591
        // from generated code.
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        var sources = GeneratorHarness.ExampleSources("Machines");
        var compilation = GeneratorHarness.Compile(sources);
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), options)));
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create([new StateMachineGenerator().AsSourceGenerator()], parseOptions: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var undocumented = output.GetDiagnostics().Where(d => d.Id == "CS1591").Select(d => d.ToString()).ToList();
        Assert.True(undocumented.Count == 0, string.Join("\n", undocumented));
        Assert.True(output.SyntaxTrees.Count() > compilation.SyntaxTrees.Count());

        // The check itself works: an undocumented public type is reported.
        var probe = output.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public class Undocumented { }", options, "/src/Probe.cs"));
        Assert.Contains(probe.GetDiagnostics(), d => d.Id == "CS1591");
    }

    [Fact]
    public void Generated_code_is_deterministic()
    {
        var sources = GeneratorHarness.ExampleSources("Machines");
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Result.GeneratedSources.Select(s => s.SourceText.ToString());
        var second = GeneratorHarness.Run(GeneratorHarness.Compile(sources.Reverse())).Result.GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.SourceText.ToString());
        Assert.Equal(first.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
    }
}

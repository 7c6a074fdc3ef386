using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Parley.Generators.Tests.Infrastructure;

namespace Parley.Generators.Tests;

/// <summary>
/// The pipeline carries only equatable models: an edit that does not change a state machine reruns no emitter
/// (every tracked step is Cached or Unchanged), while an edit of the state machine does.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Unrelated = "namespace Other { public static class Helper { public static int Twice(int x) => 2 * x; } }";

    [Fact]
    public void Editing_an_unrelated_file_reruns_nothing()
    {
        var (driver, compilation) = Start();
        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Other.cs"),
            CSharpSyntaxTree.ParseText(Unrelated.Replace("2 * x", "x + x", StringComparison.Ordinal), GeneratorHarness.ParseOptions, "/src/Other.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var model = result.TrackedSteps[StateMachineGenerator.ModelStep];
        Assert.NotEmpty(model);
        Assert.All(model.SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"model step: {o.Reason}"));
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step: {o.Reason}"));
    }

    [Fact]
    public void Adding_an_unrelated_file_reruns_nothing()
    {
        var (driver, compilation) = Start();
        var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { public sealed class Extra { } }", GeneratorHarness.ParseOptions, "/src/Extra.cs"));
        var result = driver.RunGenerators(added).GetRunResult().Results.Single();
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step: {o.Reason}"));
    }

    [Fact]
    public void Editing_the_rules_reruns_the_emitter()
    {
        var (driver, compilation) = Start();
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("TicTacToe.cs", StringComparison.Ordinal));
        var text = tree.GetText().ToString().Replace("\"cell taken\"", "\"occupied\"", StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Contains(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("\"occupied\"", StringComparison.Ordinal));
    }

    private static (GeneratorDriver Driver, Compilation Compilation) Start()
    {
        var sources = GeneratorHarness.ExampleSources("TicTacToe").Append(("/src/Other.cs", Unrelated));
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        Assert.NotEmpty(driver.GetRunResult().Results.Single().GeneratedSources);
        return (driver, compilation);
    }
}

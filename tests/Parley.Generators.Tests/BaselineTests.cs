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
    public void Generated_code_is_deterministic()
    {
        var sources = GeneratorHarness.ExampleSources("Machines");
        var first = GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Result.GeneratedSources.Select(s => s.SourceText.ToString());
        var second = GeneratorHarness.Run(GeneratorHarness.Compile(sources.Reverse())).Result.GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => s.SourceText.ToString());
        Assert.Equal(first.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
    }
}

using Parley.Examples;
using Parley.TestSupport;

namespace Parley.Generators.Tests;

/// <summary>
/// Parley.Generators.targets writes each generated contract to <c>$(OutDir)solidity/&lt;Namespace&gt;.&lt;Class&gt;.sol</c>
/// after a build: the example project (built before this test project) has the file, identical to
/// <c>SoliditySource</c>.
/// </summary>
public sealed class SolidityFileTests
{
    [Fact]
    public void The_build_writes_the_contract_next_to_the_example_assembly()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var configuration = baseDirectory.Contains("release", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
        var candidates = new[]
        {
            // Default layout: examples/TicTacToe/bin/<Configuration>/net10.0/
            Path.Combine(RepoPaths.Root, "examples", "TicTacToe", "bin", configuration, "net10.0", "solidity", "Parley.Examples.TicTacToe.sol"),
            // --artifacts-path layout: <artifacts>/bin/TicTacToe/<configuration>/ next to <artifacts>/bin/Parley.Generators.Tests/<configuration>/
            Path.GetFullPath(Path.Combine(baseDirectory, "..", "..", "TicTacToe", configuration.ToLowerInvariant(), "solidity", "Parley.Examples.TicTacToe.sol")),
        };
        var file = candidates.FirstOrDefault(File.Exists);
        Assert.True(file is not null, "No generated .sol file at any of: " + string.Join(", ", candidates));
        Assert.Equal(TicTacToe.SoliditySource.TrimEnd('\n'), File.ReadAllText(file).ReplaceLineEndings("\n").TrimEnd('\n'));
    }
}

using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Parley.Template.Tests;

/// <summary>
/// The newcomer's path, end to end, exactly as typed in a terminal: pack; <c>dotnet new install</c>;
/// <c>dotnet new statechannel -n Probe</c>; <c>dotnet build</c> with zero warnings and the generated Solidity at its
/// documented path; <c>dotnet run</c> reports a concluded channel; <c>dotnet test</c> of the generated tests passes; a
/// <c>DateTime.Now</c> in the state machine fails the build with PARLEY001, its location and help link; uninstall.
/// </summary>
public sealed class NewcomerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_newcomer_packs_installs_creates_builds_runs_tests_and_meets_the_clock_rule()
    {
        await using var path = new NewcomerPath(output.WriteLine);

        Step(await path.PackAsync());
        Assert.True(File.Exists(path.TemplatePackage), "the template package was packed");
        Assert.True(File.Exists(Path.Combine(path.Packages, $"Parley.{path.Version}.nupkg")), "the Parley package was packed");
        Assert.True(File.Exists(Path.Combine(path.Packages, $"Parley.{path.Version}.snupkg")), "the Parley symbols package was packed");

        Step(await path.InstallAsync());
        Step(await path.NewAsync());
        var project = path.ProjectDirectory;
        foreach (var file in new[] { "Probe.csproj", "Nim.cs", "Program.cs", "Match.cs", "README.md", "nuget.config", "Probe.Tests/Probe.Tests.csproj" })
        {
            Assert.True(File.Exists(Path.Combine(project, file)), $"the template created {file}");
        }
        Assert.Contains(path.Packages, File.ReadAllText(Path.Combine(project, "nuget.config")), StringComparison.Ordinal);
        Assert.Contains($"Version=\"{path.Version}\"", File.ReadAllText(Path.Combine(project, "Probe.csproj")), StringComparison.Ordinal);

        var build = Step(await path.BuildAsync());
        Assert.Matches(new Regex(@"^\s*0 Warning\(s\)", RegexOptions.Multiline), build.Output);
        var solidity = Path.Combine(project, "bin", "Debug", "net10.0", "solidity", "Probe.Nim.sol");
        Assert.True(File.Exists(solidity), $"the generated Solidity is at {solidity}");
        var contract = File.ReadAllText(solidity);
        Assert.Contains("pragma solidity", contract, StringComparison.Ordinal);
        Assert.Contains("contract NimApp", contract, StringComparison.Ordinal);

        var run = Step(await path.RunAsync());
        Assert.Matches(new Regex(@"status:\s+concluded at turn \d+", RegexOptions.Multiline), run.Output);
        Assert.Contains("every node holds the same final state", run.Output, StringComparison.Ordinal);

        var test = Step(await path.TestAsync());
        Assert.Matches(new Regex(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+[1-9]", RegexOptions.Multiline), test.Output);

        // A clock read inside the rules: the build must fail with the clock rule, where it is, with its help link.
        var rules = Path.Combine(project, "Nim.cs");
        var source = File.ReadAllText(rules);
        const string anchor = "        Require(Winner == 0, \"game over\");";
        Assert.Contains(anchor, source, StringComparison.Ordinal);
        File.WriteAllText(rules, source.Replace(anchor, "        var now = DateTime.Now;\n" + anchor, StringComparison.Ordinal));
        var line = source[..source.IndexOf(anchor, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var broken = await path.BuildAsync();
        output.WriteLine(broken.Output);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Matches(new Regex($@"Nim\.cs\({line},\d+\): error PARLEY001: .*DateTime\.Now.*docs/diagnostics/PARLEY001\.md"), broken.Output);
    }

    private CommandResult Step(CommandResult result)
    {
        if (result.ExitCode != 0)
        {
            output.WriteLine(result.ToString());
        }
        Assert.True(result.ExitCode == 0, $"`{result.Command}` exited {result.ExitCode}:\n{result.Output}");
        return result;
    }
}

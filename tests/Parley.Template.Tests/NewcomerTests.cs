using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Parley.Deployment;
using Xunit.Abstractions;

namespace Parley.Template.Tests;

/// <summary>
/// The newcomer's path, end to end, exactly as typed in a terminal: pack; <c>dotnet new install</c>;
/// <c>dotnet new statechannel -n Probe</c>; <c>dotnet build</c> with zero warnings, the first build provisioning the
/// pinned anvil and solc into Parley's (here private) per-user folder, the generated Solidity and its compiled artifact at
/// their documented paths; <c>dotnet run</c> plays the channel on the embedded chain: deposits, conclusion on chain and
/// every balance matching the outcome, anvil stopped afterwards; a SIGTERM mid-run stops the nodes and anvil; without
/// node/npm and no toolchain the program fails with one line saying what to install; <c>dotnet test</c> of the generated
/// tests (including a match on the embedded chain) passes; a <c>DateTime.Now</c> in the state machine fails the build
/// with PARLEY001, its location and help link; uninstall. See <see cref="NewcomerPath"/> for where the toolchain comes from.
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
        // One PackageReference brings the MSBuild integration to the referencing project and, transitively, to its tests.
        using (var parley = ZipFile.OpenRead(Path.Combine(path.Packages, $"Parley.{path.Version}.nupkg")))
        {
            var entries = parley.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in new[] { "buildTransitive/Parley.props", "buildTransitive/Parley.targets", "build/Parley.props", "build/Parley.targets",
                "analyzers/dotnet/cs/Parley.Generators.dll", "analyzers/dotnet/cs/Parley.Analyzers.dll", "lib/net10.0/Parley.dll" })
            {
                Assert.Contains(entry, entries);
            }
        }

        Step(await path.InstallAsync());
        Step(await path.NewAsync());
        var project = path.ProjectDirectory;
        foreach (var file in new[] { "Probe.csproj", "Nim.cs", "Program.cs", "Match.cs", "Ether.cs", "README.md", "nuget.config", "Probe.Tests/Probe.Tests.csproj" })
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
        // Compiled at build time beside it (ABI, bytecode, the source's hash), with the toolchain provisioned below.
        var artifact = Path.Combine(project, "bin", "Debug", "net10.0", "solidity", "Probe.Nim.json");
        Assert.True(File.Exists(artifact), $"the compiled contract is at {artifact}");
        using (var json = JsonDocument.Parse(File.ReadAllText(artifact)))
        {
            Assert.Equal("NimApp", json.RootElement.GetProperty("contractName").GetString());
            Assert.StartsWith("0x60", json.RootElement.GetProperty("bytecode").GetString(), StringComparison.Ordinal);
            Assert.Equal(AppContract.SourceHash(contract), json.RootElement.GetProperty("sourceHash").GetString());
        }

        // The first build provisioned the pinned toolchain into the (empty) per-user folder with npm.
        var toolchain = DevToolchain.UserToolchainDirectory(new DevToolchainOptions { HomeDirectory = path.Home });
        Assert.True(File.Exists(Path.Combine(toolchain, DevToolchain.MarkerFileName)), $"the first build provisioned the toolchain into {toolchain}");
        Assert.True(File.Exists(Path.Combine(toolchain, DevToolchain.AnvilRelativePath)), "the provisioned toolchain has anvil");

        var run = Step(await path.RunAsync());
        output.WriteLine(run.ToString());
        Assert.Contains("on the embedded dev chain", run.Output, StringComparison.Ordinal);
        // The app contract deployed is the one compiled at build time (no solc at run time).
        Assert.Matches(new Regex(@"^app:\s+0x[0-9a-fA-F]{40} \(NimApp, .*compiled at build time: .*Probe\.Nim\.json\)", RegexOptions.Multiline), run.Output);
        Assert.Equal(2, Regex.Matches(run.Output, @"^tx participant \d depositETH 0\.001 ETH: gas [\d,]+", RegexOptions.Multiline).Count);
        Assert.Matches(new Regex(@"^tx participant \d concludeAndWithdraw: gas [\d,]+", RegexOptions.Multiline), run.Output);
        Assert.Matches(new Regex(@"status:\s+concluded on chain at turn \d+", RegexOptions.Multiline), run.Output);
        Assert.Contains("every node holds the same final state", run.Output, StringComparison.Ordinal);
        var winner = int.Parse(Regex.Match(run.Output, @"winner:\s+participant (\d)").Groups[1].Value, CultureInfo.InvariantCulture);
        var balances = Regex.Matches(run.Output, @"^\s+participant (\d): 1 ETH -> [\d.]+ ETH \(([+-])[\d.]+ ETH = payout ", RegexOptions.Multiline);
        Assert.Equal(2, balances.Count);
        foreach (Match balance in balances)
        {
            // The winner ends up with more than it started with (the other stake less its gas); the loser with less.
            Assert.Equal(balance.Groups[1].Value == winner.ToString(CultureInfo.InvariantCulture) ? "+" : "-", balance.Groups[2].Value);
        }
        Assert.Contains("balances: every balance matches the outcome", run.Output, StringComparison.Ordinal);
        AssertAnvilStopped(run);

        // SIGTERM mid-run (Ctrl-C's SIGINT takes the same path): the program unwinds, stopping the nodes and anvil.
        var signalled = 0;
        var stopped = await path.RunProgramAsync(DotnetCommand.FindOnPath("dotnet"), onLine: (line, process) =>
        {
            if (line.StartsWith("participant 0:", StringComparison.Ordinal) && Interlocked.Exchange(ref signalled, 1) == 0)
            {
                Assert.Equal(0, Signals.Kill(process.Id, Signals.SIGTERM));
            }
        });
        output.WriteLine(stopped.ToString());
        Assert.Equal(1, signalled);
        Assert.Equal(143, stopped.ExitCode);
        Assert.Contains("stopped by SIGTERM: the nodes and anvil were shut down.", stopped.Output, StringComparison.Ordinal);
        AssertAnvilStopped(stopped);

        // No node/npm on the PATH and nothing provisioned yet: one line saying what to install.
        var emptyBin = Directory.CreateDirectory(Path.Combine(path.Root, "empty-bin")).FullName;
        var noNode = await path.RunProgramAsync(DotnetCommand.FindOnPath("dotnet"),
            new Dictionary<string, string> { ["PATH"] = emptyBin, ["PARLEY_HOME"] = Path.Combine(path.Root, "parley-home-without-node") });
        output.WriteLine(noNode.ToString());
        Assert.Equal(1, noNode.ExitCode);
        // The program's first line (what it is about to do), then the error; no stack trace, nothing else.
        Assert.Equal(
            ["Parley state channel: Nim, 2 participants, on the embedded dev chain",
             "error: Parley's dev chain needs Node.js and npm on the PATH (to install anvil and solc on first run); install Node.js from https://nodejs.org and run again."],
            noNode.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var test = Step(await path.TestAsync());
        // The reducer's tests and a match on the embedded chain.
        Assert.Matches(new Regex(@"Passed!\s+-\s+Failed:\s+0, Passed:\s+5,", RegexOptions.Multiline), test.Output);
        // The test project references only the app: the transitive targets copied the app's build-time artifact beside it.
        Assert.True(File.Exists(Path.Combine(project, "Probe.Tests", "bin", "Debug", "net10.0", "solidity", "Probe.Nim.json")),
            "the app's compiled contract was copied into the test project's output");

        // The parley CLI, installed as a .NET tool from the same packages.
        var tools = Path.Combine(path.Root, "tools");
        Step(await path.DotnetAsync(path.Root, ["tool", "install", "Parley.Cli", "--tool-path", tools, "--add-source", path.Packages, "--version", path.Version]));
        var help = Step(await path.RunToolAsync(Path.Combine(tools, "parley"), ["--help"]));
        Assert.Contains("devchain", help.Output, StringComparison.Ordinal);

        // --participants 3: three nodes, three deposits, three balances, one conclusion on chain.
        var trio = Path.Combine(path.Root, "Trio");
        Step(await path.DotnetAsync(path.Root, ["new", "statechannel", "-n", "Trio", "-o", trio, "--participants", "3", "--debug:custom-hive", path.Hive]));
        var trioRun = Step(await path.DotnetAsync(trio, ["run"]));
        output.WriteLine(trioRun.ToString());
        Assert.Contains("Nim, 3 participants, on the embedded dev chain", trioRun.Output, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(trioRun.Output, @"^tx participant \d depositETH 0\.001 ETH: gas [\d,]+", RegexOptions.Multiline).Count);
        Assert.Equal(3, Regex.Matches(trioRun.Output, @"^\s+participant \d: 1 ETH -> [\d.]+ ETH \([+-][\d.]+ ETH = payout ", RegexOptions.Multiline).Count);
        Assert.Matches(new Regex(@"status:\s+concluded on chain at turn \d+", RegexOptions.Multiline), trioRun.Output);
        Assert.Contains("balances: every balance matches the outcome", trioRun.Output, StringComparison.Ordinal);
        AssertAnvilStopped(trioRun);

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
        // …and nothing else: no generator error, no cascading C# error (CS…) next to it.
        var errorIds = Regex.Matches(broken.Output, @": error ([A-Z]+\d+):").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Equal(["PARLEY001"], errorIds);
    }

    /// <summary>The anvil the program printed (<c>anvil pid N</c>) no longer runs.</summary>
    private static void AssertAnvilStopped(CommandResult result)
    {
        var pid = int.Parse(Regex.Match(result.Output, @"anvil pid (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        // Signal 0 checks for existence: -1 (ESRCH) once the process is gone (and reaped by its parent, the program).
        Assert.True(Signals.Kill(pid, 0) != 0, $"anvil (pid {pid}) still runs after the program exited");
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

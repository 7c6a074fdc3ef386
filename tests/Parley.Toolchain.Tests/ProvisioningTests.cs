using System.Diagnostics;
using Parley.Chain;
using Parley.Deployment;
using Parley.TestSupport;

namespace Parley.Toolchain.Tests;

/// <summary>
/// One real provisioning per test run, raced by three installers at once into a fresh <c>PARLEY_HOME</c>: two .NET
/// callers of <see cref="DevToolchain.Provision"/> and the build's <c>parley-toolchain.mjs provision</c>, all through an npm
/// wrapper that counts its invocations. (npm's cache makes this quick here; on a fresh CI machine npm downloads.)
/// </summary>
public sealed class ProvisionedToolchain : IDisposable
{
    public ProvisionedToolchain()
    {
        Root = new TempDirectory("parley-provision-");
        Home = Root.Combine("home");
        NpmLog = Root.Combine("npm.log");
        Npm = Root.File("npm-wrapper.sh", $"#!/bin/sh\necho \"$$ $*\" >> '{NpmLog}'\nexec npm \"$@\"\n");
        TempDirectory.MakeExecutable(Npm);
        Options = new DevToolchainOptions { HomeDirectory = Home, SearchDirectories = [Root.Path], NpmExecutable = Npm, Provision = true };

        var started = Stopwatch.StartNew();
        var script = Path.Combine(RepoPaths.Root, "contracts", "tools", "parley-toolchain.mjs");
        var node = Task.Run(() => LookupTests.Run("node", script, "--home", Home, "--npm", Npm, "provision").Trim());
        var dotnet = Enumerable.Range(0, 2).Select(_ => Task.Run(() => DevToolchain.Provision(Options))).ToArray();
        Results = [.. Task.WhenAll(dotnet).GetAwaiter().GetResult(), node.GetAwaiter().GetResult()];
        Elapsed = started.Elapsed;
    }

    public TempDirectory Root { get; }

    public string Home { get; }

    public string Npm { get; }

    public string NpmLog { get; }

    public DevToolchainOptions Options { get; }

    public IReadOnlyList<string> Results { get; }

    public TimeSpan Elapsed { get; }

    public void Dispose() => Root.Dispose();
}

public sealed class ProvisioningTests(ProvisionedToolchain toolchain) : IClassFixture<ProvisionedToolchain>
{
    [Fact]
    public void Concurrent_installers_share_one_npm_install_renamed_into_place_and_leave_no_lock_or_temporary_folder()
    {
        var folder = DevToolchain.UserToolchainDirectory(toolchain.Options);
        Assert.All(toolchain.Results, r => Assert.Equal(folder, r));
        var installs = File.ReadAllLines(toolchain.NpmLog);
        Assert.Single(installs);
        Assert.Contains("install --prefix", installs[0]);
        Assert.Contains("--no-audit --no-fund @foundry-rs/anvil-linux-amd64@1.7.1 solc@0.8.37", installs[0]);
        Assert.True(File.Exists(Path.Combine(folder, DevToolchain.MarkerFileName)));
        Assert.Equal(DevToolchain.SolcVersion, DevToolchain.SolcVersionAt(Path.Combine(folder, "node_modules")));
        // Only the finished folder is left beside it: no lock, no .tmp-… folder.
        Assert.Equal([DevToolchain.VersionKey], Directory.GetFileSystemEntries(Path.GetDirectoryName(folder)!).Select(Path.GetFileName));
        // Provisioning again is a no-op.
        Assert.Equal(folder, DevToolchain.Provision(toolchain.Options));
        Assert.Single(File.ReadAllLines(toolchain.NpmLog));
        Console.WriteLine($"provisioned by three racing installers in {toolchain.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task The_provisioned_anvil_is_found_and_starts()
    {
        using var env = new EnvironmentScope();
        var anvil = DevToolchain.FindAnvil(toolchain.Options);
        Assert.Equal(Path.Combine(DevToolchain.UserToolchainDirectory(toolchain.Options), DevToolchain.AnvilRelativePath), anvil);
        await using var process = await AnvilProcess.StartAsync(anvil, new AnvilOptions());
        using var rpc = process.CreateClient();
        Assert.Equal(31337UL, await rpc.ChainIdAsync());
    }

    [Fact]
    public async Task The_provisioned_solc_compiles_with_the_materialised_scripts_like_the_repository()
    {
        using var env = new EnvironmentScope();
        using var cache = new TempDirectory("parley-solc-cache-");
        var compiler = SolidityCompiler.Locate(toolchain.Options, cache.Path);
        Assert.Equal(Path.Combine(DevToolchain.UserToolchainDirectory(toolchain.Options), "node_modules"), compiler.Installation.NodeModulesDirectory);
        Assert.StartsWith(toolchain.Home, compiler.Installation.ContractsDirectory);
        Assert.Equal("per-user toolchain", compiler.Installation.Origin);
        // A source importing src/IParleyApp.sol: the embedded contracts/src resolve it outside the repository.
        const string source = "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.28;\nimport {IParleyApp} from \"src/IParleyApp.sol\";\n"
            + "contract Probe { function selector() external pure returns (bytes4) { return IParleyApp.isFinal.selector; } }\n";
        var provisioned = await compiler.CompileContractAsync(source, "Probe");
        using var repositoryCache = new TempDirectory("parley-solc-cache-");
        var repository = await new SolidityCompiler(RepoPaths.Root, repositoryCache.Path).CompileContractAsync(source, "Probe");
        Assert.Equal(repository.Bytecode, provisioned.Bytecode);
        Assert.Equal(repository.SolcVersion, provisioned.SolcVersion);
        Assert.StartsWith("0.8.37", provisioned.SolcVersion);
    }
}

/// <summary>Provisioning failures are specific and change nothing; none of these runs a real install.</summary>
public sealed class ProvisioningFailureTests
{
    [Fact]
    public void A_missing_npm_is_a_clear_error_naming_Node_js()
    {
        using var root = new TempDirectory();
        var options = new DevToolchainOptions { HomeDirectory = root.Combine("home"), SearchDirectories = [root.Path], NpmExecutable = root.Combine("no-npm") };
        using var env = new EnvironmentScope();
        var e = Assert.Throws<ToolchainProvisioningException>(() => DevToolchain.FindAnvil(options));
        Assert.Contains("Install Node.js", e.Message);
        Assert.Null(e.ExitCode);
        Assert.False(Directory.Exists(DevToolchain.UserToolchainDirectory(options)));
        Assert.Equal([], Directory.GetFileSystemEntries(Path.GetDirectoryName(DevToolchain.UserToolchainDirectory(options))!));
    }

    [Fact]
    public void A_failing_install_reports_the_exit_code_and_the_end_of_stderr_and_a_stale_lock_is_taken_over()
    {
        using var root = new TempDirectory();
        var npm = root.File("npm", "#!/bin/sh\necho 'npm error code E404' >&2\necho 'npm error 404 Not Found - GET https://registry.npmjs.org/solc' >&2\nexit 7\n");
        TempDirectory.MakeExecutable(npm);
        var options = new DevToolchainOptions { HomeDirectory = root.Combine("home"), SearchDirectories = [root.Path], NpmExecutable = npm };
        var folder = DevToolchain.UserToolchainDirectory(options);
        // A lock left by a process that is gone (this host): taken over at once, not waited for.
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            root.File(folder + ".lock", $"{gone.Id}\n{Environment.MachineName}\n");
        }
        using var env = new EnvironmentScope();
        var started = Stopwatch.StartNew();
        var e = Assert.Throws<ToolchainProvisioningException>(() => SolidityCompiler.Locate(options));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
        Assert.Equal(7, e.ExitCode);
        Assert.Contains("exited with code 7", e.Message);
        Assert.Contains("404 Not Found", e.StandardErrorTail);
        Assert.Contains("404 Not Found", e.Message);
        Assert.Equal([], Directory.GetFileSystemEntries(Path.GetDirectoryName(folder)!)); // no folder, no temporary folder, no lock
    }
}

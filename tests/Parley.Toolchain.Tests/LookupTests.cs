using System.Diagnostics;
using System.Text.Json;
using Parley.Deployment;
using Parley.TestSupport;

namespace Parley.Toolchain.Tests;

/// <summary>
/// <see cref="DevToolchain"/>'s lookup order: explicit path → <c>PARLEY_ANVIL</c> → <c>PARLEY_TOOLCHAIN</c> →
/// <c>node_modules</c> upward from the search folders → the per-user toolchain → provisioning (off here: every test sets
/// <c>Provision = false</c> or <c>PARLEY_NO_PROVISION</c>, and a fresh home, so nothing is installed).
/// </summary>
public sealed class LookupTests
{
    private static string FakeAnvil(TempDirectory root, string folder) => root.File(Path.Combine(folder, DevToolchain.AnvilRelativePath), "#!/bin/sh\n");

    private static void FakeSolc(TempDirectory root, string folder, string version) =>
        root.File(Path.Combine(folder, "node_modules", "solc", "package.json"), $$"""{ "name": "solc", "version": "{{version}}" }""");

    private static void FakeCompleteUserToolchain(TempDirectory root, string home)
    {
        var folder = Path.Combine(home, "toolchain", DevToolchain.VersionKey);
        FakeAnvil(root, folder);
        FakeSolc(root, folder, DevToolchain.SolcVersion);
        root.File(Path.Combine(folder, DevToolchain.MarkerFileName), "{}");
    }

    [Fact]
    public void The_pinned_versions_are_the_repository_package_lock_and_the_build_script_versions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "package-lock.json")));
        var packages = doc.RootElement.GetProperty("packages");
        Assert.Equal(DevToolchain.SolcVersion, packages.GetProperty("node_modules/solc").GetProperty("version").GetString());
        Assert.Equal(DevToolchain.AnvilVersion, packages.GetProperty("node_modules/" + DevToolchain.AnvilPackage).GetProperty("version").GetString());
        Assert.Equal(DevToolchain.SolcVersion, DevToolchain.SolcVersionAt(RepoPaths.NodeModules));

        // The build's copy of the lookup (contracts/tools/parley-toolchain.mjs) pins the same versions and folder name.
        var script = Path.Combine(RepoPaths.Root, "contracts", "tools", "parley-toolchain.mjs").Replace("\\", "/");
        var output = Run("node", "--input-type=module", "-e",
            $"import * as t from 'file://{script}'; console.log(JSON.stringify({{ pinned: t.PINNED, key: t.versionKey, packages: t.pinnedPackages, marker: t.MARKER }}));");
        using var js = JsonDocument.Parse(output);
        Assert.Equal(DevToolchain.AnvilVersion, js.RootElement.GetProperty("pinned").GetProperty("anvil").GetString());
        Assert.Equal(DevToolchain.SolcVersion, js.RootElement.GetProperty("pinned").GetProperty("solc").GetString());
        Assert.Equal(DevToolchain.VersionKey, js.RootElement.GetProperty("key").GetString());
        Assert.Equal(DevToolchain.PinnedPackages, js.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(DevToolchain.MarkerFileName, js.RootElement.GetProperty("marker").GetString());
        Assert.Equal($"anvil-1.7.1-solc-0.8.37-linux-amd64", DevToolchain.VersionKey);
        Assert.Equal(["@foundry-rs/anvil-linux-amd64@1.7.1", "solc@0.8.37"], DevToolchain.PinnedPackages);
    }

    [Fact]
    public void Anvil_is_found_in_the_documented_order_and_each_level_wins_over_the_next()
    {
        using var root = new TempDirectory();
        var home = root.Combine("home");
        FakeCompleteUserToolchain(root, home);
        var userAnvil = Path.Combine(home, "toolchain", DevToolchain.VersionKey, DevToolchain.AnvilRelativePath);
        var searched = FakeAnvil(root, "project");
        var nested = root.Combine("project", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(nested);
        var toolchain = FakeAnvil(root, "toolchain-dir");
        var fromEnvironment = root.File("env/anvil");
        var explicitPath = root.File("explicit/anvil");
        var options = new DevToolchainOptions { HomeDirectory = home, SearchDirectories = [nested], Provision = false };

        using var env = new EnvironmentScope();
        // 4. the per-user toolchain when the search finds nothing
        Assert.Equal(userAnvil, DevToolchain.FindAnvil(options with { SearchDirectories = [root.Combine("elsewhere")] }));
        // 3. node_modules in an ancestor of a search folder beats the per-user toolchain
        Assert.Equal(searched, DevToolchain.FindAnvil(options));
        // 2b. PARLEY_TOOLCHAIN beats the search
        env.Set("PARLEY_TOOLCHAIN", root.Combine("toolchain-dir"));
        Assert.Equal(toolchain, DevToolchain.FindAnvil(options));
        // 2a. PARLEY_ANVIL beats PARLEY_TOOLCHAIN
        env.Set("PARLEY_ANVIL", fromEnvironment);
        Assert.Equal(fromEnvironment, DevToolchain.FindAnvil(options));
        // 1. an explicit path beats everything; AnvilLocator.Find is the same lookup
        Assert.Equal(explicitPath, DevToolchain.FindAnvil(options with { AnvilPath = explicitPath }));
        Assert.Equal(explicitPath, AnvilLocator.Find(explicitPath));
        Assert.Equal(fromEnvironment, AnvilLocator.Find(options));
        Assert.Equal(DevToolchain.AnvilRelativePath, AnvilLocator.RelativePath);
    }

    [Fact]
    public void A_configured_location_without_the_tool_is_an_error_not_a_reason_to_look_further()
    {
        using var root = new TempDirectory();
        FakeAnvil(root, "project");
        var options = new DevToolchainOptions { HomeDirectory = root.Combine("home"), SearchDirectories = [root.Combine("project")], Provision = false };
        using var env = new EnvironmentScope();

        var missing = Assert.Throws<FileNotFoundException>(() => DevToolchain.FindAnvil(options with { AnvilPath = root.Combine("nope", "anvil") }));
        Assert.Contains(root.Combine("nope", "anvil"), missing.Message);

        env.Set("PARLEY_ANVIL", root.Combine("nope", "anvil"));
        Assert.Contains("PARLEY_ANVIL", Assert.Throws<FileNotFoundException>(() => DevToolchain.FindAnvil(options)).Message);
        env.Set("PARLEY_ANVIL", null);

        env.Set("PARLEY_TOOLCHAIN", root.Combine("empty"));
        var anvil = Assert.Throws<FileNotFoundException>(() => DevToolchain.FindAnvil(options));
        Assert.Contains("PARLEY_TOOLCHAIN", anvil.Message);
        Assert.Contains("npm install --prefix", anvil.Message);
        var solc = Assert.Throws<DirectoryNotFoundException>(() => DevToolchain.FindSolc(options));
        Assert.Contains("PARLEY_TOOLCHAIN", solc.Message);
        // The explicit option wins over the environment variable.
        FakeSolc(root, "configured", DevToolchain.SolcVersion);
        var configured = DevToolchain.FindSolc(options with { ToolchainDirectory = root.Combine("configured") });
        Assert.Equal(root.Combine("configured", "node_modules"), configured.NodeModulesDirectory);
        Assert.Equal($"toolchain folder {root.Combine("configured")}", configured.Origin);
        env.Set("PARLEY_TOOLCHAIN", root.Combine("configured"));
        Assert.Equal($"PARLEY_TOOLCHAIN {root.Combine("configured")}", DevToolchain.FindSolc(options).Origin);
    }

    [Fact]
    public void With_nothing_found_and_provisioning_off_the_error_lists_where_it_looked_and_how_to_install()
    {
        using var root = new TempDirectory();
        var start = root.Combine("a", "b");
        Directory.CreateDirectory(start);
        using var env = new EnvironmentScope(("PARLEY_HOME", root.Combine("home")), ("PARLEY_NO_PROVISION", "1"));
        var options = new DevToolchainOptions { SearchDirectories = [start] };
        Assert.False(DevToolchain.ProvisioningAllowed(options));
        Assert.Equal(Path.Combine(root.Combine("home"), "toolchain", DevToolchain.VersionKey), DevToolchain.UserToolchainDirectory(options));

        var anvil = Assert.Throws<FileNotFoundException>(() => DevToolchain.FindAnvil(options));
        Assert.Contains(start, anvil.Message);
        Assert.Contains(root.Combine("a"), anvil.Message);
        Assert.Contains(DevToolchain.UserToolchainDirectory(options), anvil.Message);
        Assert.Contains("PARLEY_NO_PROVISION", anvil.Message);
        Assert.Contains("@foundry-rs/anvil-linux-amd64@1.7.1 solc@0.8.37", anvil.Message);
        var solc = Assert.Throws<DirectoryNotFoundException>(() => DevToolchain.FindSolc(options));
        Assert.Contains("solc-js 0.8.37", solc.Message);
        Assert.Throws<DirectoryNotFoundException>(() => SolidityCompiler.Locate(options));
        Assert.False(Directory.Exists(root.Combine("home", "toolchain", DevToolchain.VersionKey)), "nothing was installed");

        // "0" and "false" do not turn provisioning off; the explicit option wins over the variable.
        env.Set("PARLEY_NO_PROVISION", "false");
        Assert.True(DevToolchain.ProvisioningAllowed());
        env.Set("PARLEY_NO_PROVISION", "0");
        Assert.True(DevToolchain.ProvisioningAllowed());
        Assert.False(DevToolchain.ProvisioningAllowed(new DevToolchainOptions { Provision = false }));
        env.Set("PARLEY_NO_PROVISION", "yes");
        Assert.True(DevToolchain.ProvisioningAllowed(new DevToolchainOptions { Provision = true }));
    }

    [Fact]
    public void Solc_in_the_repository_uses_the_repository_scripts_and_elsewhere_the_scripts_embedded_in_Parley()
    {
        using var root = new TempDirectory();
        using var env = new EnvironmentScope();
        var home = root.Combine("home");

        var repository = DevToolchain.FindSolc(new DevToolchainOptions { HomeDirectory = home, SearchDirectories = [Path.Combine(RepoPaths.Root, "examples")], Provision = false });
        Assert.Equal(RepoPaths.NodeModules, repository.NodeModulesDirectory);
        Assert.Equal(Path.Combine(RepoPaths.Root, "contracts"), repository.ContractsDirectory);
        Assert.Equal(Path.Combine(RepoPaths.Root, "contracts"), SolidityCompiler.Locate(new DevToolchainOptions
        {
            HomeDirectory = home, SearchDirectories = [RepoPaths.Root], Provision = false,
        }).Installation.ContractsDirectory);

        // A project's own node_modules with another solc version is passed over; the pinned one is used with the
        // embedded compile scripts, materialised under <home>/toolchain/scripts/<hash>/ (identical to the repository's).
        FakeSolc(root, "other", "0.8.20");
        FakeSolc(root, Path.Combine("other", "project"), DevToolchain.SolcVersion);
        var options = new DevToolchainOptions { HomeDirectory = home, SearchDirectories = [root.Combine("other", "project", "src")], Provision = false };
        Directory.CreateDirectory(root.Combine("other", "project", "src"));
        var found = DevToolchain.FindSolc(options);
        Assert.Equal(root.Combine("other", "project", "node_modules"), found.NodeModulesDirectory);
        Assert.StartsWith(Path.Combine(home, "toolchain", "scripts") + Path.DirectorySeparatorChar, found.ContractsDirectory);
        Assert.All(found.RequiredFiles, f => Assert.True(File.Exists(f), f));
        foreach (var file in new[] { "tools/compile-stdin.mjs", "tools/solc-driver.mjs", "tools/solc-settings.mjs", "src/IParleyApp.sol", "src/Adjudicator.sol" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "contracts", file)), File.ReadAllText(Path.Combine(found.ContractsDirectory, file)));
        }
        // Materialising again reuses the folder.
        Assert.Equal(found.ContractsDirectory, DevToolchain.FindSolc(options).ContractsDirectory);
        Assert.Single(Directory.GetDirectories(Path.Combine(home, "toolchain", "scripts")));

        // Only the pinned version counts in the search.
        Assert.Throws<DirectoryNotFoundException>(() => DevToolchain.FindSolc(options with { SearchDirectories = [root.Combine("other")] }));
    }

    [Fact]
    public void An_incomplete_per_user_folder_without_the_marker_is_not_used()
    {
        using var root = new TempDirectory();
        using var env = new EnvironmentScope();
        var home = root.Combine("home");
        var folder = Path.Combine(home, "toolchain", DevToolchain.VersionKey);
        FakeAnvil(root, folder);
        FakeSolc(root, folder, DevToolchain.SolcVersion);
        var options = new DevToolchainOptions { HomeDirectory = home, SearchDirectories = [root.Combine("x")], Provision = false };
        Directory.CreateDirectory(root.Combine("x"));
        Assert.Throws<FileNotFoundException>(() => DevToolchain.FindAnvil(options));
        root.File(Path.Combine(folder, DevToolchain.MarkerFileName), "{}");
        Assert.Equal(Path.Combine(folder, DevToolchain.AnvilRelativePath), DevToolchain.FindAnvil(options));
        Assert.Equal(Path.Combine(folder, "node_modules"), DevToolchain.FindSolc(options).NodeModulesDirectory);
    }

    internal static string Run(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

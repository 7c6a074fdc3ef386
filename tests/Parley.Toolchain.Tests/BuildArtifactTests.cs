using System.Text.Json;
using Parley.Deployment;
using Parley.Examples;
using Parley.TestSupport;

namespace Parley.Toolchain.Tests;

/// <summary>
/// The build-time artifact of <c>examples/TicTacToe</c> (<c>ParleyCompileSolidity</c>, copied into this project's
/// <c>bin/…/solidity/</c> by <c>ParleyCopyReferencedSolidity</c>): what it holds, that it equals a run-time compilation,
/// that <see cref="DevChain"/> deploys it without running solc, and that a stale one is not used.
/// </summary>
public sealed class BuildArtifactTests
{
    private static string ArtifactPath => Path.Combine(AppContext.BaseDirectory, "solidity", "Parley.Examples.TicTacToe.json");

    /// <summary>A compiler that fails if it is ever asked to compile: its node does not exist, its cache is empty.</summary>
    private static SolidityCompiler ThrowingCompiler(TempDirectory cache) => new(RepoPaths.Root, cache.Path, nodeExecutable: cache.Combine("no-node"));

    [Fact]
    public void The_build_writes_an_artifact_of_the_generated_contract_with_its_source_hash_and_copies_it_beside_the_referencing_app()
    {
        Assert.True(File.Exists(ArtifactPath), $"no build-time artifact at {ArtifactPath}");
        Assert.True(File.Exists(Path.ChangeExtension(ArtifactPath, ".sol")));
        using var doc = JsonDocument.Parse(File.ReadAllText(ArtifactPath));
        var root = doc.RootElement;
        Assert.Equal("TicTacToeApp", root.GetProperty("contractName").GetString());
        Assert.Equal("TicTacToeApp.sol", root.GetProperty("sourceName").GetString());
        Assert.StartsWith(DevToolchain.SolcVersion + "+commit.", root.GetProperty("solcVersion").GetString());
        Assert.True(root.GetProperty("settings").GetProperty("viaIR").GetBoolean());
        Assert.Equal(AppContract.SourceHash(TicTacToe.SoliditySource), root.GetProperty("sourceHash").GetString());
        Assert.Equal(64, root.GetProperty("sourceHash").GetString()!.Length);
        // The hash is SHA-256 of the canonical text, which a generated source already is.
        Assert.Equal(TicTacToe.SoliditySource, AppContract.CanonicalSource(TicTacToe.SoliditySource));
        Assert.Equal(AppContract.SourceHash(TicTacToe.SoliditySource), AppContract.SourceHash(TicTacToe.SoliditySource.Replace("\n", "\r\n") + "\n\n"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TicTacToe.SoliditySource))),
            AppContract.SourceHash(TicTacToe.SoliditySource));
        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "solidity"), AppContract.DefaultArtifactDirectories(TicTacToe.Definition));
    }

    [Fact]
    public async Task The_build_time_bytecode_equals_what_run_time_compilation_produces()
    {
        using var cache = new TempDirectory("parley-solc-cache-");
        var runTime = await AppContract.FromDefinition(TicTacToe.Definition, artifactDirectories: [])
            .ResolveAsync(new SolidityCompiler(RepoPaths.Root, cache.Path));
        Assert.Equal(AppContractOrigin.CompiledAtRunTime, runTime.Origin);
        Assert.Single(Directory.GetFiles(cache.Path, "*.json")); // it really compiled

        using var empty = new TempDirectory("parley-solc-cache-");
        var buildTime = await AppContract.FromDefinition(TicTacToe.Definition).ResolveAsync(ThrowingCompiler(empty));
        Assert.Equal(AppContractOrigin.BuildArtifact, buildTime.Origin);
        Assert.Equal(runTime.Artifact.Bytecode, buildTime.Artifact.Bytecode);
        Assert.Equal(runTime.Artifact.DeployedBytecode, buildTime.Artifact.DeployedBytecode);
        Assert.Equal(runTime.Artifact.MethodIdentifiers, buildTime.Artifact.MethodIdentifiers);
        // Same compiler: the run-time compiler records solc-js's package version, the build its full version string.
        Assert.StartsWith(runTime.Artifact.SolcVersion + "+commit.", buildTime.Artifact.SolcVersion);
        Assert.Equal(runTime.Artifact.SourceName, buildTime.Artifact.SourceName);
    }

    [Fact]
    public async Task DevChain_deploys_the_build_time_artifact_without_running_solc()
    {
        using var cache = new TempDirectory("parley-solc-cache-");
        var compiler = ThrowingCompiler(cache);
        // The compiler really would fail: proof that the deployment below did not use it.
        await Assert.ThrowsAsync<InvalidOperationException>(() => compiler.CompileContractAsync("pragma solidity ^0.8.28; contract A {}", "A"));

        var log = new ListLogger();
        await using var chain = await DevChain.StartAsync(new DevChainOptions
        {
            AnvilPath = RepoPaths.Anvil,
            Apps = [AppContract.FromDefinition(TicTacToe.Definition)],
            Compiler = compiler,
            Logger = log,
        });
        var source = chain.AppSources[TicTacToe.Definition.Id];
        Assert.Equal(AppContractOrigin.BuildArtifact, source.Origin);
        Assert.Equal(ArtifactPath, source.Location);
        Assert.Empty(source.SkippedArtifacts);
        Assert.Contains("build-time artifact", source.ToString());
        Assert.Empty(Directory.GetFiles(cache.Path));
        Assert.Contains(log.Messages, m => m == $"App TicTacToe: using the build-time artifact {ArtifactPath} (no solc run)");
        Assert.Contains(log.Messages, m => m.StartsWith($"App TicTacToe deployed at {chain.Apps["TicTacToe"]} (", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.StartsWith($"Embedded anvil {RepoPaths.Anvil} started at {chain.RpcUrl}", StringComparison.Ordinal));
        var code = await chain.Rpc.GetCodeAsync(chain.Apps[TicTacToe.Definition.Id]);
        Assert.Equal(ContractArtifactFromBuild().DeployedBytecode, code);
    }

    [Fact]
    public async Task A_stale_artifact_whose_source_hash_does_not_match_is_skipped_and_the_source_is_compiled()
    {
        using var folder = new TempDirectory("parley-artifacts-");
        using var cache = new TempDirectory("parley-solc-cache-");
        var json = File.ReadAllText(ArtifactPath);
        var staleHash = AppContract.SourceHash(TicTacToe.SoliditySource + "// an older version of the rules\n");
        var stale = folder.File("Parley.Examples.TicTacToe.json", json.Replace(AppContract.SourceHash(TicTacToe.SoliditySource), staleHash));
        folder.File("Other.json", """{ "contractName": "OtherApp", "sourceHash": "00" }""");
        folder.File("NotJson.json", "not json");

        // A throwing compiler shows that a stale artifact leads to compilation…
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AppContract.FromDefinition(TicTacToe.Definition, [folder.Path]).ResolveAsync(ThrowingCompiler(cache)));
        // …which a working compiler does, reporting the skipped file.
        var resolved = await AppContract.FromDefinition(TicTacToe.Definition, [folder.Path]).ResolveAsync(new SolidityCompiler(RepoPaths.Root, cache.Path));
        Assert.Equal(AppContractOrigin.CompiledAtRunTime, resolved.Origin);
        Assert.Equal($"repository {RepoPaths.Root}", resolved.Location);
        var skipped = Assert.Single(resolved.SkippedArtifacts);
        Assert.Contains(stale, skipped);
        Assert.Contains(staleHash, skipped);

        // The same file with the matching hash, in the same folder, is used.
        File.WriteAllText(stale, json);
        var fresh = await AppContract.FromDefinition(TicTacToe.Definition, [folder.Path]).ResolveAsync(ThrowingCompiler(cache));
        Assert.Equal(AppContractOrigin.BuildArtifact, fresh.Origin);
        Assert.Equal(stale, fresh.Location);
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Messages.Add(formatter(state, exception));
    }

    private static Parley.Contracts.ContractArtifact ContractArtifactFromBuild() => Parley.Contracts.ContractArtifact.FromFile(ArtifactPath);
}

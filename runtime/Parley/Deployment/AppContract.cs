using System.Security.Cryptography;
using System.Text;
using Parley.Contracts;
using Parley.StateMachines;

namespace Parley.Deployment;

/// <summary>
/// An app contract (an <c>IParleyApp</c>) for <see cref="DevChain"/> to deploy: compiled already
/// (<see cref="FromArtifact"/>), or the Solidity a state machine's generator emitted (<see cref="FromDefinition(IStateMachineDefinition)"/>),
/// taken from the build-time artifact when one matches and compiled at run time otherwise.
/// </summary>
public sealed class AppContract
{
    private readonly Func<SolidityCompiler?, DevToolchainOptions?, CancellationToken, Task<ResolvedAppContract>> _resolve;

    private AppContract(string name, Func<SolidityCompiler?, DevToolchainOptions?, CancellationToken, Task<ResolvedAppContract>> resolve)
    {
        Name = name;
        _resolve = resolve;
    }

    /// <summary>The name the deployed address is listed under in <see cref="DevChain.Apps"/>: the state machine's
    /// <see cref="IStateMachineDefinition.Id"/>, or the artifact's contract name.</summary>
    public string Name { get; }

    /// <summary>
    /// The generated contract of <paramref name="definition"/>, listed under <see cref="IStateMachineDefinition.Id"/>: the
    /// build-time artifact (<c>solidity/*.json</c>, written by the Parley build targets) found beside the definition's
    /// assembly or under <c>AppContext.BaseDirectory/solidity/</c> whose <c>contractName</c> is
    /// <see cref="IStateMachineDefinition.SolidityContractName"/> and whose <c>sourceHash</c> equals
    /// <see cref="SourceHash"/> of <see cref="IStateMachineDefinition.SoliditySource"/>; else the source compiled at run
    /// time by a <see cref="SolidityCompiler"/> (cached on disk). Both compile the same text under the same source unit
    /// name with the same solc and settings, so the bytecode is identical.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static AppContract FromDefinition(IStateMachineDefinition definition) => FromDefinition(definition, null);

    /// <summary>As <see cref="FromDefinition(IStateMachineDefinition)"/>, searching <paramref name="artifactDirectories"/>
    /// (folders holding the <c>.json</c> artifacts) for the build-time artifact instead of the default folders.</summary>
    /// <param name="definition">The state machine.</param>
    /// <param name="artifactDirectories">The folders to search, in order; null for the defaults; empty to always compile.</param>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static AppContract FromDefinition(IStateMachineDefinition definition, IReadOnlyList<string>? artifactDirectories)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var directories = artifactDirectories ?? DefaultArtifactDirectories(definition);
        return new AppContract(definition.Id, async (compiler, toolchain, ct) =>
        {
            var source = CanonicalSource(definition.SoliditySource);
            var hash = SourceHash(source);
            var skipped = new List<string>();
            foreach (var directory in directories.Distinct(StringComparer.Ordinal))
            {
                if (FindBuildArtifact(directory, definition.SolidityContractName, hash, skipped) is { } found)
                {
                    return new ResolvedAppContract(definition.Id, found.Artifact, AppContractOrigin.BuildArtifact, found.Path, skipped);
                }
            }
            compiler ??= toolchain is null ? SolidityCompiler.Locate() : SolidityCompiler.Locate(toolchain);
            var artifact = await compiler.CompileContractAsync(source, definition.SolidityContractName, ct).ConfigureAwait(false);
            return new ResolvedAppContract(definition.Id, artifact, AppContractOrigin.CompiledAtRunTime, compiler.Installation.Origin, skipped);
        });
    }

    /// <summary>A compiled contract, listed under <paramref name="name"/> (default: its contract name).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="artifact"/> is null.</exception>
    /// <exception cref="ArgumentException">The artifact has no bytecode (an interface or abstract contract).</exception>
    public static AppContract FromArtifact(ContractArtifact artifact, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!artifact.IsDeployable)
        {
            throw new ArgumentException($"{artifact.ContractName} has no bytecode (an interface or abstract contract).", nameof(artifact));
        }
        var listed = name ?? artifact.ContractName;
        return new AppContract(listed, (_, _, _) => Task.FromResult(new ResolvedAppContract(listed, artifact, AppContractOrigin.GivenArtifact, null, [])));
    }

    /// <summary>The text both build-time and run-time compilation compile: <paramref name="soliditySource"/> with LF line
    /// endings and exactly one trailing newline (a generated <c>SoliditySource</c> is already in this form).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="soliditySource"/> is null.</exception>
    public static string CanonicalSource(string soliditySource)
    {
        ArgumentNullException.ThrowIfNull(soliditySource);
        return soliditySource.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
    }

    /// <summary>The <c>sourceHash</c> of a build-time artifact: SHA-256 (FIPS 180-4) of the UTF-8 bytes of
    /// <see cref="CanonicalSource"/>(<paramref name="soliditySource"/>), as 64 lower-case hex digits.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="soliditySource"/> is null.</exception>
    public static string SourceHash(string soliditySource) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalSource(soliditySource))));

    /// <summary>The default folders searched for build-time artifacts: <c>solidity/</c> beside the assembly that defines
    /// <paramref name="definition"/>'s type, then <c>AppContext.BaseDirectory/solidity/</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static IReadOnlyList<string> DefaultArtifactDirectories(IStateMachineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var directories = new List<string>();
        var location = definition.GetType().Assembly.Location; // empty in a single-file app
        if (location.Length > 0 && Path.GetDirectoryName(location) is { } assemblyDirectory)
        {
            directories.Add(Path.Combine(assemblyDirectory, "solidity"));
        }
        directories.Add(Path.Combine(AppContext.BaseDirectory, "solidity"));
        return directories;
    }

    /// <summary>The compiled contract, with where it came from: for a definition the matching build-time artifact, else a
    /// run-time compilation with <paramref name="compiler"/>, or one <see cref="SolidityCompiler.Locate(DevToolchainOptions, string?)"/>
    /// finds (or provisions) with <paramref name="toolchain"/>.</summary>
    /// <exception cref="SolidityCompilationException">solc refused the source.</exception>
    /// <exception cref="DirectoryNotFoundException">A compilation was needed, no compiler was given and none was found.</exception>
    /// <exception cref="ToolchainProvisioningException">A compilation was needed and provisioning solc-js failed.</exception>
    public Task<ResolvedAppContract> ResolveAsync(SolidityCompiler? compiler = null, DevToolchainOptions? toolchain = null, CancellationToken cancellationToken = default) =>
        _resolve(compiler, toolchain, cancellationToken);

    /// <summary>The compiled contract (see <see cref="ResolveAsync"/>).</summary>
    /// <exception cref="SolidityCompilationException">solc refused the source.</exception>
    /// <exception cref="DirectoryNotFoundException">A compilation was needed, no compiler was given and none was found.</exception>
    /// <exception cref="ToolchainProvisioningException">A compilation was needed and provisioning solc-js failed.</exception>
    public async Task<ContractArtifact> CompileAsync(SolidityCompiler? compiler = null, CancellationToken cancellationToken = default) =>
        (await _resolve(compiler, null, cancellationToken).ConfigureAwait(false)).Artifact;

    /// <inheritdoc/>
    public override string ToString() => $"app contract {Name}";

    private static (ContractArtifact Artifact, string Path)? FindBuildArtifact(string directory, string contractName, string sourceHash, List<string> skipped)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{file}: unreadable ({e.Message})");
                continue;
            }
            if (BuildArtifactHeader.Read(text) is not { } header || header.ContractName != contractName)
            {
                continue; // another contract's artifact, or not an artifact
            }
            if (header.SourceHash != sourceHash)
            {
                skipped.Add($"{file}: sourceHash {header.SourceHash ?? "(none)"} is not the definition's {sourceHash} (built from another version of the source)");
                continue;
            }
            try
            {
                return (ContractArtifact.Parse(text, file), file);
            }
            catch (InvalidDataException e)
            {
                skipped.Add($"{file}: malformed ({e.Message})");
            }
        }
        return null;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Deployment;

/// <summary>
/// Compiles Solidity at run time with the pinned solc-js (npm <c>solc</c> <see cref="DevToolchain.SolcVersion"/>), through
/// <c>compile-stdin.mjs</c> — the project's settings (optimizer, via-IR, EVM version, from <c>solc-settings.mjs</c>) and
/// import resolution (<c>@openzeppelin/…</c> from node_modules, <c>src/…</c> from the contracts folder). Used by
/// <see cref="DevChain"/> to compile the generated app contracts (<c>IStateMachineDefinition.SoliditySource</c>) when no
/// build-time artifact matches (see <see cref="AppContract.FromDefinition(Parley.StateMachines.IStateMachineDefinition)"/>).
/// </summary>
/// <remarks>
/// <para>One node process per compilation (≈ 1–3 s): results are cached on disk under <see cref="CacheDirectory"/>, keyed
/// by SHA-256 of the sources, the solc version and the compile scripts and settings, so a restarted dev chain
/// recompiles nothing.</para>
/// <para>Needs <c>node</c> on the PATH and a <see cref="SolcInstallation"/>: the repository's (<c>contracts/tools</c> and
/// <c>node_modules</c>, installed by <c>npm ci</c>) or one found or provisioned by <see cref="DevToolchain.FindSolc"/>.</para>
/// </remarks>
public sealed class SolidityCompiler
{
    /// <summary>Creates a compiler for the repository at <paramref name="repositoryRoot"/>.</summary>
    /// <param name="repositoryRoot">The folder holding <c>contracts/tools/compile-stdin.mjs</c> and <c>node_modules/solc</c>.</param>
    /// <param name="cacheDirectory">Where compiled contracts are cached; null for <c>&lt;temp&gt;/parley-solc-cache</c>.</param>
    /// <param name="nodeExecutable">The node binary; <c>node</c> (from the PATH) by default.</param>
    /// <exception cref="ArgumentException"><paramref name="repositoryRoot"/> lacks the compile script or solc.</exception>
    public SolidityCompiler(string repositoryRoot, string? cacheDirectory = null, string nodeExecutable = "node")
        : this(RepositoryInstallation(repositoryRoot), cacheDirectory, nodeExecutable, nameof(repositoryRoot))
    {
    }

    /// <summary>Creates a compiler for a located solc-js and compile scripts (e.g. <see cref="DevToolchain.FindSolc"/>).</summary>
    /// <param name="installation">Where solc-js and the scripts are.</param>
    /// <param name="cacheDirectory">Where compiled contracts are cached; null for <c>&lt;temp&gt;/parley-solc-cache</c>.</param>
    /// <param name="nodeExecutable">The node binary; <c>node</c> (from the PATH) by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="installation"/> is null.</exception>
    /// <exception cref="ArgumentException">One of <see cref="SolcInstallation.RequiredFiles"/> is missing.</exception>
    public SolidityCompiler(SolcInstallation installation, string? cacheDirectory = null, string nodeExecutable = "node")
        : this(installation ?? throw new ArgumentNullException(nameof(installation)), cacheDirectory, nodeExecutable, nameof(installation))
    {
    }

    private SolidityCompiler(SolcInstallation installation, string? cacheDirectory, string nodeExecutable, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeExecutable);
        var missing = installation.RequiredFiles.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"{installation.Origin}: solc-js or its compile scripts are missing: {string.Join(", ", missing)} (in the repository, run npm ci).", parameter);
        }
        Installation = installation;
        RepositoryRoot = Path.GetDirectoryName(Path.GetFullPath(installation.NodeModulesDirectory).TrimEnd(Path.DirectorySeparatorChar))!;
        CacheDirectory = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "parley-solc-cache");
        NodeExecutable = nodeExecutable;
    }

    /// <summary>The folder holding the <c>node_modules</c> with solc: the repository root when compiling with the repository,
    /// else the toolchain folder.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Where solc-js and the compile scripts are.</summary>
    public SolcInstallation Installation { get; }

    /// <summary>Where compiled contracts are cached.</summary>
    public string CacheDirectory { get; }

    /// <summary>The node binary.</summary>
    public string NodeExecutable { get; }

    /// <summary>The environment variable naming the repository root to compile with: <c>PARLEY_REPOSITORY</c>.</summary>
    public const string EnvironmentVariable = "PARLEY_REPOSITORY";

    /// <summary>
    /// A compiler for the repository named by <see cref="EnvironmentVariable"/>, else for the solc-js
    /// <see cref="DevToolchain.FindSolc"/> finds (<c>PARLEY_TOOLCHAIN</c>, <c>node_modules</c> from the application's base
    /// directory and then the current directory upwards, the per-user toolchain) or provisions.
    /// </summary>
    /// <param name="cacheDirectory">Where compiled contracts are cached; null for <c>&lt;temp&gt;/parley-solc-cache</c>.</param>
    /// <exception cref="DirectoryNotFoundException">No solc-js was found and provisioning is off; the message says what is needed.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning the toolchain failed.</exception>
    /// <exception cref="ArgumentException"><see cref="EnvironmentVariable"/> names a folder without the compile script or solc.</exception>
    public static SolidityCompiler Locate(string? cacheDirectory = null) => Locate(new DevToolchainOptions(), cacheDirectory);

    /// <summary>As <see cref="Locate(string?)"/>, with the toolchain lookup configured by <paramref name="toolchain"/>; an
    /// explicit <see cref="DevToolchainOptions.ToolchainDirectory"/> wins over <see cref="EnvironmentVariable"/>.</summary>
    /// <param name="toolchain">Where to look and whether to provision.</param>
    /// <param name="cacheDirectory">Where compiled contracts are cached; null for <c>&lt;temp&gt;/parley-solc-cache</c>.</param>
    /// <exception cref="DirectoryNotFoundException">No solc-js was found and provisioning is off.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning the toolchain failed.</exception>
    /// <exception cref="ArgumentException"><see cref="EnvironmentVariable"/> names a folder without the compile script or solc.</exception>
    public static SolidityCompiler Locate(DevToolchainOptions toolchain, string? cacheDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        if (toolchain.ToolchainDirectory is null && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return new SolidityCompiler(configured, cacheDirectory);
        }
        return new SolidityCompiler(DevToolchain.FindSolc(toolchain), cacheDirectory);
    }

    private static SolcInstallation RepositoryInstallation(string repositoryRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        var root = Path.GetFullPath(repositoryRoot);
        return new SolcInstallation(Path.Combine(root, "node_modules"), Path.Combine(root, "contracts"), $"repository {root}");
    }

    /// <summary>Compiles <paramref name="source"/> and returns the contract named <paramref name="contractName"/>.</summary>
    /// <param name="source">The Solidity source (a self-contained unit, or one importing <c>@openzeppelin/…</c> or <c>src/…</c>).</param>
    /// <param name="contractName">The contract to return, e.g. <c>TicTacToeApp</c>.</param>
    /// <param name="cancellationToken">Cancels the compilation (node is killed).</param>
    /// <exception cref="SolidityCompilationException">solc reported errors.</exception>
    /// <exception cref="KeyNotFoundException">The source defines no contract of that name; the message lists the ones it does.</exception>
    /// <exception cref="InvalidOperationException">node could not run the compile script.</exception>
    public async Task<ContractArtifact> CompileContractAsync(string source, string contractName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(contractName);
        var contracts = await CompileAsync(contractName + ".sol", source, cancellationToken).ConfigureAwait(false);
        return contracts.TryGetValue(contractName, out var artifact)
            ? artifact
            : throw new KeyNotFoundException($"The source defines no contract {contractName}; it defines {string.Join(", ", contracts.Keys)}.");
    }

    /// <summary>Compiles one source unit and returns every contract it defines (not those of its imports), by name.</summary>
    /// <param name="sourceName">The source unit name, e.g. <c>TicTacToe.sol</c>.</param>
    /// <param name="source">The Solidity source.</param>
    /// <param name="cancellationToken">Cancels the compilation (node is killed).</param>
    /// <exception cref="SolidityCompilationException">solc reported errors.</exception>
    /// <exception cref="InvalidOperationException">node could not run the compile script.</exception>
    public async Task<IReadOnlyDictionary<string, ContractArtifact>> CompileAsync(string sourceName, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ArgumentNullException.ThrowIfNull(source);
        var key = CacheKey(sourceName, source);
        var cacheFile = Path.Combine(CacheDirectory, key + ".json");
        if (File.Exists(cacheFile))
        {
            try
            {
                return ReadCache(await File.ReadAllTextAsync(cacheFile, cancellationToken).ConfigureAwait(false), cacheFile);
            }
            catch (InvalidDataException)
            {
                // A damaged cache entry: compile again and overwrite it.
            }
        }
        var input = new JsonObject
        {
            ["language"] = "Solidity",
            ["sources"] = new JsonObject { [sourceName] = new JsonObject { ["content"] = source } },
        };
        var output = await RunNodeAsync(input.ToJsonString(), cancellationToken).ConfigureAwait(false);
        var artifacts = ReadOutput(output, sourceName);
        Directory.CreateDirectory(CacheDirectory);
        var temporary = cacheFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        await File.WriteAllTextAsync(temporary, WriteCache(artifacts), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, cacheFile, overwrite: true);
        return artifacts;
    }

    private string CacheKey(string sourceName, string source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        Add(sourceName);
        Add(source);
        foreach (var file in Installation.RequiredFiles)
        {
            Add(File.ReadAllText(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private IReadOnlyDictionary<string, ContractArtifact> ReadOutput(string output, string sourceName)
    {
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        if (root.TryGetProperty("errors", out var errors))
        {
            var fatal = errors.EnumerateArray()
                .Where(e => e.GetProperty("severity").GetString() == "error")
                .Select(e => e.TryGetProperty("formattedMessage", out var f) ? f.GetString()! : e.GetProperty("message").GetString()!)
                .ToList();
            if (fatal.Count > 0)
            {
                throw new SolidityCompilationException(fatal);
            }
        }
        var version = SolcVersion();
        var artifacts = new Dictionary<string, ContractArtifact>(StringComparer.Ordinal);
        if (root.TryGetProperty("contracts", out var contracts) && contracts.TryGetProperty(sourceName, out var unit))
        {
            foreach (var c in unit.EnumerateObject())
            {
                var evm = c.Value.GetProperty("evm");
                var ids = new Dictionary<string, uint>(StringComparer.Ordinal);
                if (evm.TryGetProperty("methodIdentifiers", out var mi))
                {
                    foreach (var m in mi.EnumerateObject())
                    {
                        ids[m.Name] = uint.Parse(m.Value.GetString()!, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    }
                }
                artifacts[c.Name] = new ContractArtifact(c.Name, sourceName, c.Value.GetProperty("abi").GetRawText(),
                    Convert.FromHexString(evm.GetProperty("bytecode").GetProperty("object").GetString()!),
                    Convert.FromHexString(evm.GetProperty("deployedBytecode").GetProperty("object").GetString()!), version, ids);
            }
        }
        return artifacts;
    }

    private static string WriteCache(IReadOnlyDictionary<string, ContractArtifact> artifacts)
    {
        var all = new JsonObject();
        foreach (var (name, a) in artifacts)
        {
            var ids = new JsonObject();
            foreach (var (signature, selector) in a.MethodIdentifiers)
            {
                ids[signature] = selector.ToString("x8", CultureInfo.InvariantCulture);
            }
            all[name] = new JsonObject
            {
                ["contractName"] = a.ContractName,
                ["sourceName"] = a.SourceName,
                ["abi"] = JsonNode.Parse(a.AbiJson),
                ["bytecode"] = "0x" + Convert.ToHexStringLower(a.Bytecode),
                ["deployedBytecode"] = "0x" + Convert.ToHexStringLower(a.DeployedBytecode),
                ["methodIdentifiers"] = ids,
                ["solcVersion"] = a.SolcVersion,
            };
        }
        return all.ToJsonString();
    }

    private static IReadOnlyDictionary<string, ContractArtifact> ReadCache(string json, string origin)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{origin}: not a JSON object.");
            }
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ContractArtifact.Parse(p.Value.GetRawText(), origin), StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: {e.Message}", e);
        }
    }

    private string SolcVersion()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Installation.SolcPackageJson));
        return doc.RootElement.GetProperty("version").GetString() ?? "unknown";
    }

    private async Task<string> RunNodeAsync(string stdin, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(NodeExecutable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Installation.ContractsDirectory,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Installation.CompileScript);
        psi.ArgumentList.Add("--contracts");
        psi.ArgumentList.Add(Installation.ContractsDirectory);
        psi.ArgumentList.Add("--node-modules");
        psi.ArgumentList.Add(Installation.NodeModulesDirectory);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{NodeExecutable} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {NodeExecutable} to compile Solidity: {e.Message}. Install Node.js.", e);
        }
        using (process)
        {
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{NodeExecutable} compile-stdin.mjs exited {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
                }
                return await stdout.ConfigureAwait(false);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.Deployment;

/// <summary>
/// Compiles Solidity at run time with the repository's pinned solc-js (npm <c>solc</c>), through
/// <c>contracts/tools/compile-stdin.mjs</c> — the project's settings (optimizer, via-IR, EVM version) and import
/// resolution (<c>@openzeppelin/…</c> from node_modules, <c>src/…</c> from <c>contracts/</c>). Used by
/// <see cref="DevChain"/> to compile the generated app contracts (<c>IStateMachineDefinition.SoliditySource</c>).
/// </summary>
/// <remarks>
/// <para>One node process per compilation (≈ 1–3 s): results are cached on disk under <see cref="CacheDirectory"/>, keyed
/// by SHA-256 of the sources, the solc version and the compile scripts and settings, so a restarted dev chain
/// recompiles nothing.</para>
/// <para>Needs <c>node</c> on the PATH and the repository's <c>node_modules</c> (installed by <c>npm ci</c>).</para>
/// </remarks>
public sealed class SolidityCompiler
{
    private static readonly string[] KeyFiles =
    [
        Path.Combine("contracts", "tools", "compile-stdin.mjs"),
        Path.Combine("contracts", "tools", "solc-driver.mjs"),
        Path.Combine("contracts", "tools", "solc-settings.mjs"),
        Path.Combine("node_modules", "solc", "package.json"),
    ];

    /// <summary>Creates a compiler for the repository at <paramref name="repositoryRoot"/>.</summary>
    /// <param name="repositoryRoot">The folder holding <c>contracts/tools/compile-stdin.mjs</c> and <c>node_modules/solc</c>.</param>
    /// <param name="cacheDirectory">Where compiled contracts are cached; null for <c>&lt;temp&gt;/parley-solc-cache</c>.</param>
    /// <param name="nodeExecutable">The node binary; <c>node</c> (from the PATH) by default.</param>
    /// <exception cref="ArgumentException"><paramref name="repositoryRoot"/> lacks the compile script or solc.</exception>
    public SolidityCompiler(string repositoryRoot, string? cacheDirectory = null, string nodeExecutable = "node")
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryRoot);
        ArgumentException.ThrowIfNullOrEmpty(nodeExecutable);
        var root = Path.GetFullPath(repositoryRoot);
        var missing = KeyFiles.Where(f => !File.Exists(Path.Combine(root, f))).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"{root} is not a Parley repository with its npm packages installed: missing {string.Join(", ", missing)} (run npm ci).",
                nameof(repositoryRoot));
        }
        RepositoryRoot = root;
        CacheDirectory = cacheDirectory ?? Path.Combine(Path.GetTempPath(), "parley-solc-cache");
        NodeExecutable = nodeExecutable;
    }

    /// <summary>The repository root.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Where compiled contracts are cached.</summary>
    public string CacheDirectory { get; }

    /// <summary>The node binary.</summary>
    public string NodeExecutable { get; }

    /// <summary>The environment variable naming the repository root to compile with: <c>PARLEY_REPOSITORY</c>.</summary>
    public const string EnvironmentVariable = "PARLEY_REPOSITORY";

    /// <summary>
    /// A compiler for the repository named by <see cref="EnvironmentVariable"/>, else the first folder, from the
    /// application's base directory and then the current directory upwards, that holds the compile script and solc.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder; the message says what is needed.</exception>
    /// <exception cref="ArgumentException"><see cref="EnvironmentVariable"/> names a folder without the compile script or solc.</exception>
    public static SolidityCompiler Locate(string? cacheDirectory = null)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return new SolidityCompiler(configured, cacheDirectory);
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (KeyFiles.All(f => File.Exists(Path.Combine(dir.FullName, f))))
                {
                    return new SolidityCompiler(dir.FullName, cacheDirectory);
                }
            }
        }
        throw new DirectoryNotFoundException(
            $"No Parley repository with contracts/tools/compile-stdin.mjs and node_modules/solc above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; "
            + $"app contracts are compiled with the repository's solc-js (run npm ci; set {EnvironmentVariable} to the repository), or pass compiled artifacts instead.");
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
        foreach (var file in KeyFiles)
        {
            Add(File.ReadAllText(Path.Combine(RepositoryRoot, file)));
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
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "node_modules", "solc", "package.json")));
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
            WorkingDirectory = RepositoryRoot,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot, "contracts", "tools", "compile-stdin.mjs"));
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

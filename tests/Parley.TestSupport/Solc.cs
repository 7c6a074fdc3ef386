using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Contracts;

namespace Parley.TestSupport;

/// <summary>
/// Compiles Solidity at run time with the repository's pinned solc-js, through <c>contracts/tools/compile-stdin.mjs</c>
/// (one node process per call, ≈ 1–3 s: compile everything a test class needs in one call). Imports resolve as in the
/// contracts build: <c>@openzeppelin/…</c> from node_modules, other unit names from <c>contracts/</c> (for example
/// <c>src/IParleyApp.sol</c>). Settings are the project's (<c>contracts/tools/solc-settings.mjs</c>).
/// </summary>
public static class Solc
{
    /// <summary>The script that compiles a standard-JSON input from standard input.</summary>
    public static string CompileScript => Path.Combine(RepoPaths.Root, "contracts", "tools", "compile-stdin.mjs");

    /// <summary>
    /// Compiles <paramref name="sources"/> (source unit name, e.g. <c>App.sol</c> → Solidity text) and returns an
    /// artifact per contract defined in them (not in their imports), keyed by contract name.
    /// </summary>
    /// <param name="sources">Source unit name → source text.</param>
    /// <param name="allowWarnings">When false (the default, as in the contracts build), a warning fails too.</param>
    /// <param name="cancellationToken">Cancels the compilation (the node process is killed).</param>
    /// <exception cref="SolcException">solc reported an error, or a warning while <paramref name="allowWarnings"/> is
    /// false; or two sources define a contract of the same name.</exception>
    /// <exception cref="InvalidOperationException">node failed to run the script (the message holds its stderr).</exception>
    public static async Task<IReadOnlyDictionary<string, ContractArtifact>> CompileAsync(
        IReadOnlyDictionary<string, string> sources, bool allowWarnings = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var input = new JsonObject { ["language"] = "Solidity" };
        var sourceNodes = new JsonObject();
        foreach (var (unit, content) in sources)
        {
            sourceNodes[unit] = new JsonObject { ["content"] = content };
        }
        input["sources"] = sourceNodes;

        using var output = JsonDocument.Parse(await RunNodeAsync(input.ToJsonString(), cancellationToken).ConfigureAwait(false));
        var root = output.RootElement;
        if (root.TryGetProperty("errors", out var errors))
        {
            var fatal = errors.EnumerateArray()
                .Where(e => e.GetProperty("severity").GetString() switch { "error" => true, "warning" => !allowWarnings, _ => false })
                .Select(e => e.TryGetProperty("formattedMessage", out var f) ? f.GetString()! : e.GetProperty("message").GetString()!)
                .ToList();
            if (fatal.Count > 0)
            {
                throw new SolcException(fatal);
            }
        }

        var artifacts = new Dictionary<string, ContractArtifact>(StringComparer.Ordinal);
        if (!root.TryGetProperty("contracts", out var contracts))
        {
            return artifacts;
        }
        var version = await VersionAsync().ConfigureAwait(false);
        foreach (var unit in contracts.EnumerateObject().Where(u => sources.ContainsKey(u.Name)))
        {
            foreach (var c in unit.Value.EnumerateObject())
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
                var artifact = new ContractArtifact(
                    c.Name,
                    unit.Name,
                    c.Value.GetProperty("abi").GetRawText(),
                    Convert.FromHexString(evm.GetProperty("bytecode").GetProperty("object").GetString()!),
                    Convert.FromHexString(evm.GetProperty("deployedBytecode").GetProperty("object").GetString()!),
                    version,
                    ids);
                if (!artifacts.TryAdd(c.Name, artifact))
                {
                    throw new SolcException([$"contract {c.Name} is defined in both {artifacts[c.Name].SourceName} and {unit.Name}"]);
                }
            }
        }
        return artifacts;
    }

    private static string? _version;

    /// <summary>The full version string of the pinned solc-js (read from the build's artifacts' compiler, via node).</summary>
    private static async Task<string> VersionAsync()
    {
        if (_version is null)
        {
            var pkg = Path.Combine(RepoPaths.NodeModules, "solc", "package.json");
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(pkg).ConfigureAwait(false));
            _version = doc.RootElement.GetProperty("version").GetString()!;
        }
        return _version;
    }

    private static async Task<string> RunNodeAsync(string stdin, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(CompileScript);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("node did not start");
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
            await p.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            p.StandardInput.Close();
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"node {CompileScript} exited {p.ExitCode}: {await stderr.ConfigureAwait(false)}");
            }
            return await stdout.ConfigureAwait(false);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill();
            }
        }
    }
}

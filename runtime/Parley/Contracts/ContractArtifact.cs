using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;

namespace Parley.Contracts;

/// <summary>
/// A compiled Solidity contract: its ABI, creation bytecode and runtime bytecode, as written by
/// <c>contracts/tools/build.mjs</c> (solc-js pinned in <c>package.json</c>, settings in
/// <c>contracts/tools/solc-settings.mjs</c>).
/// </summary>
/// <remarks>
/// <para>The contracts under <c>contracts/src</c> are compiled when <c>Parley.dll</c> is built and embedded in it as
/// resources named <c>Parley.Contracts.&lt;ContractName&gt;.json</c>; <see cref="Load"/> reads them. Test contracts
/// (<c>contracts/out/test</c>) and contracts compiled at run time are read with <see cref="FromFile"/> and
/// <see cref="Parse"/>.</para>
/// <para>The artifact file is a JSON object <c>{ contractName, sourceName, abi, bytecode, deployedBytecode,
/// methodIdentifiers?, solcVersion, settings? }</c> where <c>abi</c> is the Solidity ABI JSON array (Solidity ABI
/// specification, "JSON" section) and the bytecodes are <c>0x</c>-prefixed hex; interfaces and abstract contracts
/// have empty bytecode (<c>"0x"</c>).</para>
/// <para>Instances are immutable; byte arrays returned are fresh copies.</para>
/// </remarks>
public sealed class ContractArtifact
{
    private const string ResourcePrefix = "Parley.Contracts.";
    private const string ResourceSuffix = ".json";

    private static readonly ConcurrentDictionary<string, ContractArtifact> Embedded = new(StringComparer.Ordinal);

    private readonly byte[] _bytecode;
    private readonly byte[] _deployedBytecode;

    /// <summary>Creates an artifact from its parts (for contracts compiled at run time).</summary>
    /// <param name="contractName">The contract's name, e.g. <c>Adjudicator</c>.</param>
    /// <param name="sourceName">The solc source unit name, e.g. <c>src/Adjudicator.sol</c>.</param>
    /// <param name="abiJson">The ABI: a JSON array as solc emits it.</param>
    /// <param name="bytecode">The creation bytecode (copied); empty for interfaces and abstract contracts.</param>
    /// <param name="deployedBytecode">The runtime bytecode (copied); empty for interfaces and abstract contracts.</param>
    /// <param name="solcVersion">The compiler's full version string, e.g. <c>0.8.37+commit.f401782d…</c>.</param>
    /// <param name="methodIdentifiers">Canonical function signature → 4-byte selector (big-endian); may be null.</param>
    /// <exception cref="ArgumentException">A name is empty, or <paramref name="abiJson"/> is not a JSON array.</exception>
    public ContractArtifact(
        string contractName,
        string sourceName,
        string abiJson,
        ReadOnlySpan<byte> bytecode,
        ReadOnlySpan<byte> deployedBytecode,
        string solcVersion,
        IReadOnlyDictionary<string, uint>? methodIdentifiers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(contractName);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ArgumentNullException.ThrowIfNull(abiJson);
        ArgumentNullException.ThrowIfNull(solcVersion);
        JsonElement abi;
        try
        {
            using var doc = JsonDocument.Parse(abiJson);
            abi = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The ABI of {contractName} is not JSON: {e.Message}", nameof(abiJson), e);
        }
        if (abi.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"The ABI of {contractName} must be a JSON array, got {abi.ValueKind}.", nameof(abiJson));
        }
        ContractName = contractName;
        SourceName = sourceName;
        AbiJson = abiJson;
        Abi = abi;
        _bytecode = bytecode.ToArray();
        _deployedBytecode = deployedBytecode.ToArray();
        SolcVersion = solcVersion;
        MethodIdentifiers = new ReadOnlyDictionary<string, uint>(
            methodIdentifiers is null ? new Dictionary<string, uint>() : new Dictionary<string, uint>(methodIdentifiers));
    }

    /// <summary>The contract's name, e.g. <c>Adjudicator</c>.</summary>
    public string ContractName { get; }

    /// <summary>The solc source unit name the contract was compiled from, e.g. <c>src/Adjudicator.sol</c>.</summary>
    public string SourceName { get; }

    /// <summary>The ABI as JSON text (an array of function, event, error and constructor descriptions).</summary>
    public string AbiJson { get; }

    /// <summary>The ABI as a parsed JSON array (a detached element: no document to dispose).</summary>
    public JsonElement Abi { get; }

    /// <summary>The creation bytecode (a fresh copy): send it, followed by the ABI-encoded constructor arguments, as the
    /// data of a contract-creation transaction. Empty for interfaces and abstract contracts.</summary>
    public byte[] Bytecode => (byte[])_bytecode.Clone();

    /// <summary>The runtime bytecode (a fresh copy): what <c>eth_getCode</c> returns for a deployed instance (before
    /// immutables are filled in). Empty for interfaces and abstract contracts.</summary>
    public byte[] DeployedBytecode => (byte[])_deployedBytecode.Clone();

    /// <summary>Whether the contract can be deployed (it has creation bytecode).</summary>
    public bool IsDeployable => _bytecode.Length > 0;

    /// <summary>The compiler's full version string.</summary>
    public string SolcVersion { get; }

    /// <summary>Canonical function signature (e.g. <c>transfer(address,uint256)</c>) → 4-byte selector as a big-endian
    /// number (e.g. <c>0xa9059cbb</c>). Empty when the artifact did not record them.</summary>
    public IReadOnlyDictionary<string, uint> MethodIdentifiers { get; }

    /// <summary>The names of the contracts embedded in <c>Parley.dll</c> (those under <c>contracts/src</c>), sorted.</summary>
    public static IReadOnlyList<string> EmbeddedNames { get; } = FindEmbeddedNames();

    /// <summary>Loads a contract compiled from <c>contracts/src</c> from the resources embedded in <c>Parley.dll</c>.
    /// The result is cached: repeated calls return the same instance.</summary>
    /// <param name="contractName">The contract's name, e.g. <c>Adjudicator</c> (case-sensitive).</param>
    /// <exception cref="ArgumentException">No contract of that name is embedded; the message lists the names that are.</exception>
    /// <exception cref="InvalidDataException">The embedded artifact is malformed (a build defect).</exception>
    public static ContractArtifact Load(string contractName)
    {
        ArgumentNullException.ThrowIfNull(contractName);
        if (Embedded.TryGetValue(contractName, out var cached))
        {
            return cached;
        }
        using var stream = typeof(ContractArtifact).Assembly.GetManifestResourceStream(ResourcePrefix + contractName + ResourceSuffix);
        if (stream is null)
        {
            var names = EmbeddedNames.Count == 0 ? "none (was Parley built with ParleySkipContracts=true?)" : string.Join(", ", EmbeddedNames);
            throw new ArgumentException(
                $"No contract named \"{contractName}\" is embedded in Parley.dll. Embedded contracts: {names}.", nameof(contractName));
        }
        using var reader = new StreamReader(stream);
        return Embedded.GetOrAdd(contractName, Parse(reader.ReadToEnd(), $"embedded resource {ResourcePrefix}{contractName}{ResourceSuffix}"));
    }

    /// <summary>Reads an artifact file written by <c>contracts/tools/build.mjs</c>, e.g.
    /// <c>contracts/out/test/Eip712Probe.json</c>.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed artifact; the message names the field.</exception>
    public static ContractArtifact FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No contract artifact at {path}.", path);
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the JSON text of an artifact (the format in the remarks of <see cref="ContractArtifact"/>).</summary>
    /// <param name="json">The artifact's JSON text.</param>
    /// <param name="origin">Where the text came from, for error messages (a path, a resource name).</param>
    /// <exception cref="InvalidDataException">The text is not JSON, or a required field is missing or has the wrong
    /// type or encoding; the message names the field and the origin.</exception>
    public static ContractArtifact Parse(string json, string origin = "artifact")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{origin}: a contract artifact must be a JSON object, got {root.ValueKind}.");
            }
            var name = RequiredString(root, "contractName", origin);
            var abi = Required(root, "abi", origin, JsonValueKind.Array);
            var identifiers = new Dictionary<string, uint>(StringComparer.Ordinal);
            if (root.TryGetProperty("methodIdentifiers", out var ids) && ids.ValueKind != JsonValueKind.Null)
            {
                if (ids.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{origin}: \"methodIdentifiers\" must be an object.");
                }
                foreach (var p in ids.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: 8 } hex
                        || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var selector))
                    {
                        throw new InvalidDataException($"{origin}: methodIdentifiers[\"{p.Name}\"] must be 8 hex digits.");
                    }
                    identifiers[p.Name] = selector;
                }
            }
            return new ContractArtifact(
                name,
                RequiredString(root, "sourceName", origin),
                abi.GetRawText(),
                HexField(root, "bytecode", origin),
                HexField(root, "deployedBytecode", origin),
                RequiredString(root, "solcVersion", origin),
                identifiers);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not valid JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{ContractName} ({SourceName}, {_bytecode.Length} bytes of creation code)";

    private static JsonElement Required(JsonElement root, string field, string origin, JsonValueKind kind)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            throw new InvalidDataException($"{origin}: the field \"{field}\" is missing.");
        }
        if (value.ValueKind != kind)
        {
            throw new InvalidDataException($"{origin}: the field \"{field}\" must be a JSON {kind}, got {value.ValueKind}.");
        }
        return value;
    }

    private static string RequiredString(JsonElement root, string field, string origin)
    {
        var s = Required(root, field, origin, JsonValueKind.String).GetString()!;
        if (s.Length == 0)
        {
            throw new InvalidDataException($"{origin}: the field \"{field}\" is empty.");
        }
        return s;
    }

    private static byte[] HexField(JsonElement root, string field, string origin)
    {
        var s = Required(root, field, origin, JsonValueKind.String).GetString()!;
        if (!s.StartsWith("0x", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{origin}: \"{field}\" must start with 0x.");
        }
        if (s.Contains("__", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{origin}: \"{field}\" holds an unlinked library placeholder.");
        }
        try
        {
            return Convert.FromHexString(s.AsSpan(2));
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{origin}: \"{field}\" is not an even number of hex digits after 0x.");
        }
    }

    private static ReadOnlyCollection<string> FindEmbeddedNames() =>
        typeof(ContractArtifact).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^ResourceSuffix.Length])
            .Order(StringComparer.Ordinal)
            .ToList()
            .AsReadOnly();
}

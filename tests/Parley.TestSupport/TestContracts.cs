using Parley.Contracts;

namespace Parley.TestSupport;

/// <summary>
/// The test-only contracts under <c>contracts/test</c>, compiled by the contracts build (building Parley runs
/// <c>contracts/tools/build.mjs</c>) into <c>contracts/out/test/&lt;ContractName&gt;.json</c>.
/// </summary>
public static class TestContracts
{
    /// <summary>The folder holding the test contracts' artifacts.</summary>
    public static string Folder => Path.Combine(RepoPaths.Root, "contracts", "out", "test");

    /// <summary>Loads the artifact of the test contract <paramref name="contractName"/> (e.g. <c>Eip712Probe</c>).</summary>
    /// <exception cref="FileNotFoundException">There is no such artifact; the message lists the ones there are.</exception>
    public static ContractArtifact Load(string contractName)
    {
        var path = Path.Combine(Folder, contractName + ".json");
        if (!File.Exists(path))
        {
            var available = Directory.Exists(Folder)
                ? string.Join(", ", Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "none (build Parley first: it compiles contracts/)";
            throw new FileNotFoundException($"No test contract artifact {path}. Available: {available}.", path);
        }
        return ContractArtifact.FromFile(path);
    }
}

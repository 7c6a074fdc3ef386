using System.Text.Json;

namespace Parley.Deployment;

/// <summary>The two fields of a build-time app artifact (<c>contracts/tools/compile-apps.mjs</c>) that decide whether it
/// is used: <c>contractName</c> and <c>sourceHash</c> (SHA-256 hex of the canonical source, see <see cref="AppContract.SourceHash"/>).</summary>
internal sealed record BuildArtifactHeader(string ContractName, string? SourceHash)
{
    /// <summary>The header of <paramref name="json"/>, or null when it is not a JSON object with a string <c>contractName</c>.</summary>
    public static BuildArtifactHeader? Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("contractName", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            var hash = root.TryGetProperty("sourceHash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            return new BuildArtifactHeader(name.GetString()!, hash);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Parley.Deployment;

/// <summary>
/// The compile scripts and Solidity sources solc-js needs outside the repository, embedded in <c>Parley.dll</c> as
/// resources named <c>Parley.Toolchain/tools/&lt;file&gt;.mjs</c> (<c>compile-stdin.mjs</c>, <c>solc-driver.mjs</c>,
/// <c>solc-settings.mjs</c>) and <c>Parley.Toolchain/src/&lt;file&gt;.sol</c> (<c>contracts/src</c>, which imports named
/// <c>src/…</c> resolve to), and materialised into a content-addressed folder.
/// </summary>
internal static class ToolchainScripts
{
    private const string Prefix = "Parley.Toolchain/";
    private const string CompleteMarker = ".complete";

    /// <summary>The embedded files as (relative path, content), sorted by path.</summary>
    public static IReadOnlyList<(string Path, byte[] Content)> Files { get; } = Load();

    /// <summary>
    /// Writes the embedded files under <c>&lt;root&gt;/&lt;first 16 hex digits of their SHA-256&gt;/</c> unless already there
    /// (written to a temporary sibling and renamed into place, so concurrent callers never see a partial folder).
    /// </summary>
    /// <returns>The folder holding <c>tools/</c> and <c>src/</c> (a <see cref="SolcInstallation.ContractsDirectory"/>).</returns>
    /// <exception cref="InvalidOperationException">Parley.dll has no embedded compile scripts (a build defect).</exception>
    /// <exception cref="IOException">The folder could not be written.</exception>
    public static string Materialise(string root)
    {
        if (!Files.Any(f => f.Path == "tools/compile-stdin.mjs"))
        {
            throw new InvalidOperationException("Parley.dll embeds no compile scripts (Parley.Toolchain/tools/*.mjs): a build defect.");
        }
        var target = Path.Combine(root, ContentHash());
        if (File.Exists(Path.Combine(target, CompleteMarker)))
        {
            return target;
        }
        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, $".tmp-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            foreach (var (path, content) in Files)
            {
                var file = Path.Combine(temporary, path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, content);
            }
            File.WriteAllText(Path.Combine(temporary, CompleteMarker), "");
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true); // incomplete (no marker): a crashed writer's leftover
            }
            try
            {
                Directory.Move(temporary, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, CompleteMarker)))
            {
                // Another process materialised the same content first.
            }
            return target;
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private static string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, content) in Files)
        {
            var name = Encoding.UTF8.GetBytes(path);
            hash.AppendData(BitConverter.GetBytes(name.Length));
            hash.AppendData(name);
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static List<(string, byte[])> Load()
    {
        var assembly = typeof(ToolchainScripts).Assembly;
        var files = new List<(string, byte[])>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = name[Prefix.Length..].Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "" or "." or ".."))
            {
                continue; // never write outside the folder
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files.Add((relative, copy.ToArray()));
        }
        return files;
    }
}

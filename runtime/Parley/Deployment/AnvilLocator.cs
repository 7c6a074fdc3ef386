using System.Runtime.InteropServices;

namespace Parley.Deployment;

/// <summary>
/// Finds the anvil binary of the pinned npm package <c>@foundry-rs/anvil</c>: its platform package
/// (<c>@foundry-rs/anvil-&lt;os&gt;-&lt;arch&gt;</c>, e.g. <c>anvil-linux-amd64</c>) holds <c>bin/anvil</c>.
/// </summary>
public static class AnvilLocator
{
    /// <summary>The environment variable that overrides the search with a path to the binary: <c>PARLEY_ANVIL</c>.</summary>
    public const string EnvironmentVariable = "PARLEY_ANVIL";

    /// <summary>The binary's path relative to a folder holding <c>node_modules</c>, for this platform, e.g.
    /// <c>node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil</c>.</summary>
    public static string RelativePath
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
            var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
            var exe = OperatingSystem.IsWindows() ? "anvil.exe" : "anvil";
            return Path.Combine("node_modules", "@foundry-rs", $"anvil-{os}-{arch}", "bin", exe);
        }
    }

    /// <summary>
    /// The anvil binary: <paramref name="configuredPath"/> when given; else <see cref="EnvironmentVariable"/> when set; else
    /// <see cref="RelativePath"/> under the first of these folders or their ancestors that has it: the application's base
    /// directory, then the current directory.
    /// </summary>
    /// <param name="configuredPath">An explicit path to the binary, or null to search.</param>
    /// <exception cref="FileNotFoundException">The configured binary does not exist, or the search found none; the message
    /// lists where it looked and how to install it.</exception>
    public static string Find(string? configuredPath = null)
    {
        if (configuredPath is not null)
        {
            return File.Exists(configuredPath)
                ? Path.GetFullPath(configuredPath)
                : throw new FileNotFoundException($"The configured anvil binary does not exist: {configuredPath}.", configuredPath);
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{EnvironmentVariable} names an anvil binary that does not exist: {fromEnvironment}.", fromEnvironment);
        }
        var searched = new List<string>();
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
                searched.Add(dir.FullName);
            }
        }
        throw new FileNotFoundException(
            $"No anvil binary ({RelativePath}) under {string.Join(", ", searched.Distinct())}. Install it with `npm ci` at the repository root "
            + $"(package @foundry-rs/anvil), or set {EnvironmentVariable} or the configured path.");
    }
}

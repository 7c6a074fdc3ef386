using System.Runtime.InteropServices;
using System.Text.Json;

namespace Parley.Deployment;

/// <summary>
/// Parley's dev toolchain: anvil (the embedded chain) and solc-js (app contracts), at pinned versions, found — or, like
/// Playwright's browsers, installed once per user with npm — so that the embedded chain also runs in a project that
/// merely references the <c>Parley</c> package.
/// </summary>
/// <remarks>
/// <para><b>Lookup order</b> (the first that has the tool wins):</para>
/// <list type="number">
/// <item>an explicit path or folder: <see cref="DevToolchainOptions.AnvilPath"/> (anvil), a <see cref="SolidityCompiler"/>
/// given to <see cref="DevChain"/>, or the repository named by <c>PARLEY_REPOSITORY</c> (solc);</item>
/// <item>the environment: <c>PARLEY_ANVIL</c> (the anvil binary), then <see cref="DevToolchainOptions.ToolchainDirectory"/>
/// or <c>PARLEY_TOOLCHAIN</c> (a folder holding <c>node_modules</c>); a configured path that lacks the tool is an error,
/// not a reason to look further;</item>
/// <item><c>node_modules</c> in the application's base directory, the current directory, or an ancestor of either
/// (the repository case; solc only at the pinned version);</item>
/// <item>the per-user folder <see cref="UserToolchainDirectory"/>: <c>~/.parley/toolchain/&lt;VersionKey&gt;/</c>
/// (<c>PARLEY_HOME</c> replaces <c>~/.parley</c>);</item>
/// <item>otherwise it is <b>provisioned</b> there: one <c>npm install --prefix &lt;temp&gt; --no-audit --no-fund
/// &lt;AnvilPackage&gt;@1.7.1 solc@0.8.37</c> into a temporary sibling folder, renamed into place atomically, under a
/// lock file so that concurrent processes (also the build's <c>parley-toolchain.mjs</c>, which follows the same protocol)
/// install once. Turned off by <see cref="DevToolchainOptions.Provision"/> = false or <c>PARLEY_NO_PROVISION=1</c>.</item>
/// </list>
/// <para>The compile scripts and Solidity sources solc needs (<c>contracts/tools/*.mjs</c>, <c>contracts/src/*.sol</c>)
/// are embedded in <c>Parley.dll</c> and materialised under <c>&lt;home&gt;/toolchain/scripts/&lt;hash&gt;/</c> when the
/// solc found is not the repository's.</para>
/// </remarks>
public static class DevToolchain
{
    /// <summary>The pinned anvil version (npm <c>@foundry-rs/anvil-&lt;os&gt;-&lt;arch&gt;</c>, Foundry 1.7.1); equals the
    /// repository's <c>package-lock.json</c>.</summary>
    public const string AnvilVersion = "1.7.1";

    /// <summary>The pinned solc-js version (npm <c>solc</c>); equals the repository's <c>package-lock.json</c>. Build-time and
    /// run-time compilation both use it, so their bytecode is identical.</summary>
    public const string SolcVersion = "0.8.37";

    /// <summary>The npm package of solc-js: <c>solc</c>.</summary>
    public const string SolcPackage = "solc";

    /// <summary>The environment variable naming a folder that holds <c>node_modules</c> with the pinned packages: <c>PARLEY_TOOLCHAIN</c>.</summary>
    public const string ToolchainEnvironmentVariable = "PARLEY_TOOLCHAIN";

    /// <summary>The environment variable replacing Parley's per-user folder <c>~/.parley</c>: <c>PARLEY_HOME</c>.</summary>
    public const string HomeEnvironmentVariable = "PARLEY_HOME";

    /// <summary>The environment variable that turns provisioning off when set to anything but <c>0</c> or <c>false</c>:
    /// <c>PARLEY_NO_PROVISION</c>.</summary>
    public const string NoProvisionEnvironmentVariable = "PARLEY_NO_PROVISION";

    /// <summary>The marker file a complete provisioned toolchain folder holds (written last, before the atomic rename).</summary>
    public const string MarkerFileName = ".parley-toolchain.json";

    /// <summary>This platform's npm package of anvil, e.g. <c>@foundry-rs/anvil-linux-amd64</c> (os <c>linux</c>,
    /// <c>darwin</c> or <c>win32</c>; arch <c>amd64</c> or <c>arm64</c>).</summary>
    public static string AnvilPackage => $"@foundry-rs/anvil-{Os}-{Arch}";

    /// <summary>The anvil binary's path relative to a folder holding <c>node_modules</c>, e.g.
    /// <c>node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil</c>.</summary>
    public static string AnvilRelativePath =>
        Path.Combine("node_modules", "@foundry-rs", $"anvil-{Os}-{Arch}", "bin", OperatingSystem.IsWindows() ? "anvil.exe" : "anvil");

    /// <summary>The per-user folder's name for this toolchain: <c>anvil-1.7.1-solc-0.8.37-&lt;os&gt;-&lt;arch&gt;</c>.</summary>
    public static string VersionKey => $"anvil-{AnvilVersion}-solc-{SolcVersion}-{Os}-{Arch}";

    /// <summary>The exact packages a provisioning install asks npm for: <c>&lt;AnvilPackage&gt;@1.7.1</c> and <c>solc@0.8.37</c>.</summary>
    public static IReadOnlyList<string> PinnedPackages => [$"{AnvilPackage}@{AnvilVersion}", $"{SolcPackage}@{SolcVersion}"];

    private static string Os => OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";

    private static string Arch => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";

    /// <summary>Parley's per-user folder: <see cref="DevToolchainOptions.HomeDirectory"/>, else <c>PARLEY_HOME</c>, else
    /// <c>~/.parley</c>.</summary>
    /// <exception cref="InvalidOperationException">No home directory is known (no user profile) and none is configured.</exception>
    public static string HomeDirectory(DevToolchainOptions? options = null)
    {
        if (options?.HomeDirectory is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        if (Environment.GetEnvironmentVariable(HomeEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }
        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return profile.Length > 0
            ? Path.Combine(profile, ".parley")
            : throw new InvalidOperationException($"No user profile folder to hold Parley's toolchain; set {HomeEnvironmentVariable}.");
    }

    /// <summary>The per-user toolchain folder: <c>&lt;home&gt;/toolchain/&lt;VersionKey&gt;</c> (it may not exist yet).</summary>
    /// <exception cref="InvalidOperationException">No home directory is known (see <see cref="HomeDirectory"/>).</exception>
    public static string UserToolchainDirectory(DevToolchainOptions? options = null) =>
        Path.Combine(HomeDirectory(options), "toolchain", VersionKey);

    /// <summary>Whether provisioning is allowed: <see cref="DevToolchainOptions.Provision"/>, else not when
    /// <c>PARLEY_NO_PROVISION</c> is set to anything but <c>0</c> or <c>false</c>.</summary>
    public static bool ProvisioningAllowed(DevToolchainOptions? options = null)
    {
        if (options?.Provision is { } configured)
        {
            return configured;
        }
        var value = Environment.GetEnvironmentVariable(NoProvisionEnvironmentVariable);
        return string.IsNullOrEmpty(value) || value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Finds the anvil binary in the lookup order of the remarks, provisioning it when allowed.</summary>
    /// <returns>The binary's full path.</returns>
    /// <exception cref="FileNotFoundException">A configured path (option, <c>PARLEY_ANVIL</c>, <c>PARLEY_TOOLCHAIN</c>) lacks
    /// it, or nothing has it and provisioning is off; the message lists where it looked and how to install it.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning failed (no npm, the install failed, a time-out).</exception>
    public static string FindAnvil(DevToolchainOptions? options = null)
    {
        options ??= new DevToolchainOptions();
        if (options.AnvilPath is { } configured)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"The configured anvil binary does not exist: {configured}.", configured);
        }
        if (Environment.GetEnvironmentVariable(AnvilLocator.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{AnvilLocator.EnvironmentVariable} names an anvil binary that does not exist: {fromEnvironment}.", fromEnvironment);
        }
        if (ConfiguredToolchain(options) is { } toolchain)
        {
            var candidate = Path.Combine(toolchain.Directory, AnvilRelativePath);
            return File.Exists(candidate)
                ? candidate
                : throw new FileNotFoundException($"{toolchain.Source} names {toolchain.Directory}, which has no anvil ({AnvilRelativePath}); install it there with "
                    + $"`npm install --prefix {toolchain.Directory} {AnvilPackage}@{AnvilVersion}`.", candidate);
        }
        var searched = new List<string>();
        foreach (var dir in Ancestors(options))
        {
            var candidate = Path.Combine(dir, AnvilRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            searched.Add(dir);
        }
        var user = UserToolchainDirectory(options);
        if (ToolchainProvisioner.IsComplete(user))
        {
            return Path.Combine(user, AnvilRelativePath);
        }
        if (!ProvisioningAllowed(options))
        {
            throw new FileNotFoundException(
                $"No anvil binary ({AnvilRelativePath}) under {string.Join(", ", searched)} or in the per-user toolchain {user}, and provisioning is off "
                + $"({NoProvisionEnvironmentVariable} or the Provision option). Install it with `npm ci` at the repository root, or "
                + $"`npm install --prefix {user} {string.Join(' ', PinnedPackages)}`, or set {AnvilLocator.EnvironmentVariable}, {ToolchainEnvironmentVariable} or the configured path.");
        }
        return Path.Combine(Provision(options), AnvilRelativePath);
    }

    /// <summary>Finds solc-js (the pinned version) and the compile scripts in the lookup order of the remarks (from
    /// <c>PARLEY_TOOLCHAIN</c> on; <see cref="SolidityCompiler.Locate(string?)"/> checks <c>PARLEY_REPOSITORY</c> first),
    /// provisioning when allowed and materialising the scripts when the solc found is not the repository's.</summary>
    /// <exception cref="DirectoryNotFoundException">A configured toolchain folder lacks solc, or nothing has it and
    /// provisioning is off; the message lists where it looked and how to install it.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning failed.</exception>
    /// <exception cref="IOException">The scripts could not be written to the per-user folder.</exception>
    public static SolcInstallation FindSolc(DevToolchainOptions? options = null)
    {
        options ??= new DevToolchainOptions();
        if (ConfiguredToolchain(options) is { } toolchain)
        {
            var modules = Path.Combine(toolchain.Directory, "node_modules");
            return SolcVersionAt(modules) is not null
                ? WithScripts(toolchain.Directory, toolchain.Source == ToolchainEnvironmentVariable ? $"{ToolchainEnvironmentVariable} {toolchain.Directory}" : $"toolchain folder {toolchain.Directory}", options)
                : throw new DirectoryNotFoundException($"{toolchain.Source} names {toolchain.Directory}, which has no solc-js (node_modules/solc); install it there with "
                    + $"`npm install --prefix {toolchain.Directory} {SolcPackage}@{SolcVersion}`.");
        }
        var searched = new List<string>();
        foreach (var dir in Ancestors(options))
        {
            if (SolcVersionAt(Path.Combine(dir, "node_modules")) == SolcVersion)
            {
                return WithScripts(dir, $"node_modules in {dir}", options);
            }
            searched.Add(dir);
        }
        var user = UserToolchainDirectory(options);
        if (ToolchainProvisioner.IsComplete(user))
        {
            return WithScripts(user, "per-user toolchain", options);
        }
        if (!ProvisioningAllowed(options))
        {
            throw new DirectoryNotFoundException(
                $"No solc-js {SolcVersion} (node_modules/solc) under {string.Join(", ", searched)} or in the per-user toolchain {user}, and provisioning is off "
                + $"({NoProvisionEnvironmentVariable} or the Provision option). Run `npm ci` at the repository root, or "
                + $"`npm install --prefix {user} {string.Join(' ', PinnedPackages)}`, or set {ToolchainEnvironmentVariable}, {SolidityCompiler.EnvironmentVariable} "
                + "(the repository), or give DevChain compiled artifacts (build-time artifacts under solidity/ are used first).");
        }
        return WithScripts(Provision(options), "per-user toolchain (provisioned)", options);
    }

    /// <summary>
    /// Installs the pinned toolchain into <see cref="UserToolchainDirectory"/> unless it is complete already (idempotent),
    /// ignoring whether provisioning is allowed. Safe against concurrent installs by other processes: a lock file
    /// <c>&lt;folder&gt;.lock</c> (exclusive create, holding the PID; taken over when its process is gone or it is older
    /// than the time-out), the install goes to a temporary sibling folder, and a complete install is renamed into place.
    /// </summary>
    /// <returns>The per-user toolchain folder, holding <c>node_modules</c> and <see cref="MarkerFileName"/>.</returns>
    /// <exception cref="ToolchainProvisioningException">npm is missing, exited non-zero (the message has its exit code and
    /// the end of its standard error), did not finish within <see cref="DevToolchainOptions.ProvisionTimeout"/>, or
    /// installed without the expected files; or another process held the lock for longer than the time-out.</exception>
    public static string Provision(DevToolchainOptions? options = null) =>
        ToolchainProvisioner.Provision(UserToolchainDirectory(options), options ?? new DevToolchainOptions());

    /// <summary>The solc-js version installed in <paramref name="nodeModules"/> (the <c>version</c> of
    /// <c>&lt;nodeModules&gt;/solc/package.json</c>), or null when it is absent or unreadable.</summary>
    /// <param name="nodeModules">A <c>node_modules</c> folder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="nodeModules"/> is null.</exception>
    public static string? SolcVersionAt(string nodeModules)
    {
        ArgumentNullException.ThrowIfNull(nodeModules);
        var file = Path.Combine(nodeModules, "solc", "package.json");
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            return doc.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static SolcInstallation WithScripts(string toolchainDirectory, string origin, DevToolchainOptions options)
    {
        var modules = Path.Combine(toolchainDirectory, "node_modules");
        var own = new SolcInstallation(modules, Path.Combine(toolchainDirectory, "contracts"), origin);
        if (own.RequiredFiles.All(File.Exists))
        {
            return own; // the repository: its own contracts/tools and contracts/src
        }
        var scripts = ToolchainScripts.Materialise(Path.Combine(HomeDirectory(options), "toolchain", "scripts"));
        return new SolcInstallation(modules, scripts, origin);
    }

    private static (string Directory, string Source)? ConfiguredToolchain(DevToolchainOptions options)
    {
        if (options.ToolchainDirectory is { Length: > 0 } configured)
        {
            return (Path.GetFullPath(configured), "The configured toolchain folder");
        }
        return Environment.GetEnvironmentVariable(ToolchainEnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? (Path.GetFullPath(fromEnvironment), ToolchainEnvironmentVariable)
            : null;
    }

    /// <summary>The search folders and their ancestors, each once, nearest first.</summary>
    private static IEnumerable<string> Ancestors(DevToolchainOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in options.SearchDirectories ?? [AppContext.BaseDirectory, Environment.CurrentDirectory])
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (seen.Add(dir.FullName.TrimEnd(Path.DirectorySeparatorChar)))
                {
                    yield return dir.FullName;
                }
            }
        }
    }
}

namespace Parley.Deployment;

/// <summary>
/// Where <see cref="DevToolchain"/> looks for anvil and solc-js, and whether it may install them. Every property left
/// null falls back to its environment variable, then to the default; an explicit value always wins over the environment.
/// </summary>
public sealed record DevToolchainOptions
{
    /// <summary>An explicit anvil binary (first in the lookup order); null to fall back to <c>PARLEY_ANVIL</c> and the search.</summary>
    public string? AnvilPath { get; init; }

    /// <summary>A folder holding a <c>node_modules</c> with the pinned packages (e.g. one installed by hand with
    /// <c>npm install --prefix DIR @foundry-rs/anvil-linux-amd64@1.7.1 solc@0.8.37</c>); null to fall back to
    /// <see cref="DevToolchain.ToolchainEnvironmentVariable"/> (<c>PARLEY_TOOLCHAIN</c>).</summary>
    public string? ToolchainDirectory { get; init; }

    /// <summary>Parley's per-user folder; the toolchain is provisioned under <c>&lt;home&gt;/toolchain/&lt;version key&gt;/</c>.
    /// Null to fall back to <see cref="DevToolchain.HomeEnvironmentVariable"/> (<c>PARLEY_HOME</c>), else
    /// <c>~/.parley</c>.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>The folders whose <c>node_modules</c> (in the folder or an ancestor) are searched, in order; null for the
    /// application's base directory, then the current directory (the repository case).</summary>
    public IReadOnlyList<string>? SearchDirectories { get; init; }

    /// <summary>Whether a missing toolchain is installed into the per-user folder with npm; null to allow it unless
    /// <see cref="DevToolchain.NoProvisionEnvironmentVariable"/> (<c>PARLEY_NO_PROVISION</c>) is set to anything but
    /// <c>0</c> or <c>false</c>.</summary>
    public bool? Provision { get; init; }

    /// <summary>The npm executable used to provision; <c>npm</c> from the PATH by default (through <c>cmd /c</c> on Windows).</summary>
    public string NpmExecutable { get; init; } = "npm";

    /// <summary>How long one provisioning install, or the wait for another process's install, may take: 10 minutes by
    /// default.</summary>
    public TimeSpan ProvisionTimeout { get; init; } = TimeSpan.FromMinutes(10);
}

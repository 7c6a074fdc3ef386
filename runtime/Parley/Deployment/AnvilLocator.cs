namespace Parley.Deployment;

/// <summary>
/// Finds the anvil binary of the pinned npm package <c>@foundry-rs/anvil</c>: its platform package
/// (<c>@foundry-rs/anvil-&lt;os&gt;-&lt;arch&gt;</c>, e.g. <c>anvil-linux-amd64</c>) holds <c>bin/anvil</c>. The lookup is
/// <see cref="DevToolchain.FindAnvil"/>'s.
/// </summary>
public static class AnvilLocator
{
    /// <summary>The environment variable that overrides the search with a path to the binary: <c>PARLEY_ANVIL</c>.</summary>
    public const string EnvironmentVariable = "PARLEY_ANVIL";

    /// <summary>The binary's path relative to a folder holding <c>node_modules</c>, for this platform, e.g.
    /// <c>node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil</c> (<see cref="DevToolchain.AnvilRelativePath"/>).</summary>
    public static string RelativePath => DevToolchain.AnvilRelativePath;

    /// <summary>
    /// The anvil binary: <paramref name="configuredPath"/> when given; else <see cref="EnvironmentVariable"/> when set; else
    /// <c>PARLEY_TOOLCHAIN</c>; else <see cref="RelativePath"/> under the application's base directory, then the current
    /// directory, or an ancestor of either; else the per-user toolchain, provisioned with npm when missing unless
    /// <c>PARLEY_NO_PROVISION</c> is set (see <see cref="DevToolchain"/>).
    /// </summary>
    /// <param name="configuredPath">An explicit path to the binary, or null to search.</param>
    /// <exception cref="FileNotFoundException">The configured binary does not exist, or the search found none and provisioning
    /// is off; the message lists where it looked and how to install it.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning the toolchain failed (no npm, the install failed).</exception>
    public static string Find(string? configuredPath = null) => DevToolchain.FindAnvil(new DevToolchainOptions { AnvilPath = configuredPath });

    /// <summary>The anvil binary, found as <see cref="DevToolchain.FindAnvil"/> does with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="FileNotFoundException">A configured path lacks it, or nothing has it and provisioning is off.</exception>
    /// <exception cref="ToolchainProvisioningException">Provisioning the toolchain failed.</exception>
    public static string Find(DevToolchainOptions options) => DevToolchain.FindAnvil(options ?? throw new ArgumentNullException(nameof(options)));
}

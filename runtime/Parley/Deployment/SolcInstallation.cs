namespace Parley.Deployment;

/// <summary>
/// A located solc-js and the compile scripts that drive it, as <see cref="SolidityCompiler"/> runs them:
/// <c>node &lt;ContractsDirectory&gt;/tools/compile-stdin.mjs --contracts &lt;ContractsDirectory&gt; --node-modules &lt;NodeModulesDirectory&gt;</c>.
/// </summary>
/// <param name="NodeModulesDirectory">The <c>node_modules</c> folder holding <c>solc</c> (the pinned <see cref="DevToolchain.SolcVersion"/>).</param>
/// <param name="ContractsDirectory">The folder holding <c>tools/compile-stdin.mjs</c>, <c>tools/solc-driver.mjs</c>,
/// <c>tools/solc-settings.mjs</c> and the <c>src/*.sol</c> that imports named <c>src/…</c> resolve to: the repository's
/// <c>contracts/</c>, or a copy of them materialised from <c>Parley.dll</c> under the per-user toolchain folder.</param>
/// <param name="Origin">How it was found, e.g. <c>repository /work/parley</c>, <c>PARLEY_TOOLCHAIN</c>, <c>per-user toolchain</c>.</param>
public sealed record SolcInstallation(string NodeModulesDirectory, string ContractsDirectory, string Origin)
{
    /// <summary>The compile script: <c>&lt;ContractsDirectory&gt;/tools/compile-stdin.mjs</c>.</summary>
    public string CompileScript => Path.Combine(ContractsDirectory, "tools", "compile-stdin.mjs");

    /// <summary>solc-js's <c>package.json</c> (its version is part of <see cref="SolidityCompiler"/>'s cache key).</summary>
    public string SolcPackageJson => Path.Combine(NodeModulesDirectory, "solc", "package.json");

    /// <summary>The files that must exist for the installation to compile: the three scripts and solc's package.json.</summary>
    public IReadOnlyList<string> RequiredFiles =>
    [
        CompileScript,
        Path.Combine(ContractsDirectory, "tools", "solc-driver.mjs"),
        Path.Combine(ContractsDirectory, "tools", "solc-settings.mjs"),
        SolcPackageJson,
    ];
}

using Parley.Contracts;

namespace Parley.Deployment;

/// <summary>An <see cref="AppContract"/>'s compiled contract and where it came from (<see cref="AppContract.ResolveAsync"/>).</summary>
/// <param name="Name">The <see cref="AppContract.Name"/>.</param>
/// <param name="Artifact">The compiled contract.</param>
/// <param name="Origin">Given, build-time artifact, or compiled at run time.</param>
/// <param name="Location">The build-time artifact's path; for a run-time compilation, where the compiler's solc-js came
/// from (<see cref="SolcInstallation.Origin"/>); null for a given artifact.</param>
/// <param name="SkippedArtifacts">Build-time artifacts of the same contract that were not used because their
/// <c>sourceHash</c> did not match the definition's source (stale builds) or they were malformed, each with the reason.</param>
public sealed record ResolvedAppContract(string Name, ContractArtifact Artifact, AppContractOrigin Origin, string? Location, IReadOnlyList<string> SkippedArtifacts)
{
    /// <inheritdoc/>
    public override string ToString() => Origin switch
    {
        AppContractOrigin.BuildArtifact => $"{Name}: build-time artifact {Location}",
        AppContractOrigin.CompiledAtRunTime => $"{Name}: compiled at run time with solc-js from {Location}",
        _ => $"{Name}: given artifact {Artifact.ContractName}",
    };
}

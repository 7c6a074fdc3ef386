namespace Parley.Deployment;

/// <summary>Where the bytecode <see cref="DevChain"/> deployed for an <see cref="AppContract"/> came from.</summary>
public enum AppContractOrigin
{
    /// <summary>A compiled artifact given by the caller (<see cref="AppContract.FromArtifact"/>).</summary>
    GivenArtifact,

    /// <summary>The build-time artifact <c>solidity/&lt;Namespace&gt;.&lt;Class&gt;.json</c> written by the Parley build targets,
    /// whose source hash matched the definition's <c>SoliditySource</c>: no solc ran.</summary>
    BuildArtifact,

    /// <summary>Compiled at run time by a <see cref="SolidityCompiler"/> (from its disk cache when compiled before): no
    /// matching build-time artifact was found.</summary>
    CompiledAtRunTime,
}

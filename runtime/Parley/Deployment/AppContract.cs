using Parley.Contracts;
using Parley.StateMachines;

namespace Parley.Deployment;

/// <summary>
/// An app contract (an <c>IParleyApp</c>) for <see cref="DevChain"/> to deploy: compiled already
/// (<see cref="FromArtifact"/>), or the Solidity a state machine's generator emitted, compiled when needed
/// (<see cref="FromDefinition"/>).
/// </summary>
public sealed class AppContract
{
    private readonly Func<SolidityCompiler?, CancellationToken, Task<ContractArtifact>> _compile;

    private AppContract(string name, Func<SolidityCompiler?, CancellationToken, Task<ContractArtifact>> compile)
    {
        Name = name;
        _compile = compile;
    }

    /// <summary>The name the deployed address is listed under in <see cref="DevChain.Apps"/>: the state machine's
    /// <see cref="IStateMachineDefinition.Id"/>, or the artifact's contract name.</summary>
    public string Name { get; }

    /// <summary>
    /// The generated contract of <paramref name="definition"/>: <see cref="IStateMachineDefinition.SoliditySource"/> compiled
    /// at run time by a <see cref="SolidityCompiler"/> (cached on disk), contract
    /// <see cref="IStateMachineDefinition.SolidityContractName"/>; listed under <see cref="IStateMachineDefinition.Id"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="definition"/> is null.</exception>
    public static AppContract FromDefinition(IStateMachineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new AppContract(definition.Id, (compiler, ct) =>
            (compiler ?? SolidityCompiler.Locate()).CompileContractAsync(definition.SoliditySource, definition.SolidityContractName, ct));
    }

    /// <summary>A compiled contract, listed under <paramref name="name"/> (default: its contract name).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="artifact"/> is null.</exception>
    /// <exception cref="ArgumentException">The artifact has no bytecode (an interface or abstract contract).</exception>
    public static AppContract FromArtifact(ContractArtifact artifact, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!artifact.IsDeployable)
        {
            throw new ArgumentException($"{artifact.ContractName} has no bytecode (an interface or abstract contract).", nameof(artifact));
        }
        return new AppContract(name ?? artifact.ContractName, (_, _) => Task.FromResult(artifact));
    }

    /// <summary>The compiled contract (compiling it with <paramref name="compiler"/>, or one found by
    /// <see cref="SolidityCompiler.Locate"/>, when needed).</summary>
    /// <exception cref="SolidityCompilationException">solc refused the source.</exception>
    /// <exception cref="DirectoryNotFoundException">No compiler was given and none was found.</exception>
    public Task<ContractArtifact> CompileAsync(SolidityCompiler? compiler = null, CancellationToken cancellationToken = default) =>
        _compile(compiler, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => $"app contract {Name}";
}

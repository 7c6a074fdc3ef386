using Parley.Contracts;
using Parley.Examples;
using Parley.Examples.Machines;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// One anvil chain with every example machine's generated contract and the <c>ReduceHarness</c> deployed. The
/// contracts are compiled from the <c>SoliditySource</c> constants (solc 0.8.37, the project's settings, warnings
/// fail) in one solc run.
/// </summary>
public sealed class GeneratedContractsFixture : AnvilFixture
{
    public static IReadOnlyList<IStateMachineDefinition> Machines { get; } =
        [TicTacToe.Definition, BoundedCounter.Definition, RockPaperScissors.Definition, BettingPot.Definition, ArithmeticProbe.Definition];

    public Dictionary<string, Address> Apps { get; } = [];

    public Address Harness { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var sources = Machines.ToDictionary(m => m.SolidityContractName + ".sol", m => m.SoliditySource);
        sources["ReduceHarness.sol"] = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Contracts", "ReduceHarness.sol"));
        var artifacts = await Solc.CompileAsync(sources);
        foreach (var machine in Machines)
        {
            Apps[machine.Id] = await DeployAsync(artifacts[machine.SolidityContractName]);
        }
        Harness = await DeployAsync(artifacts["ReduceHarness"]);
    }
}

/// <summary>The tests that share one <see cref="GeneratedContractsFixture"/> (one anvil, one solc run).</summary>
[CollectionDefinition(Name)]
public sealed class GeneratedContractsCollection : ICollectionFixture<GeneratedContractsFixture>
{
    public const string Name = "generated contracts on anvil";
}

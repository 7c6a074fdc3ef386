using Parley.Chain;
using Parley.Generators.Emitters;
using Parley.Generators.Tests.Infrastructure;
using Parley.StateMachines;
using Parley.TestSupport;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// A state machine whose rules are not translated (here: a clock read, left to the analyzers' PARLEY001) still gets its
/// C# side, and its <c>SoliditySource</c> is a placeholder that solc compiles without warnings and that refuses to be
/// deployed: creating it on anvil reverts with <c>Error(reason)</c>, checked against <c>cast calldata</c>.
/// </summary>
[Collection(GeneratedContractsCollection.Name)]
public sealed class UntranslatedContractTests(GeneratedContractsFixture chain)
{
    private const string Source = """
        [StateMachine]
        public partial class Clocked
        {
            public long Stamp;

            [Action]
            public void Touch(byte by)
            {
                Require(by < 2, "who");
                Stamp = System.DateTime.UtcNow.Ticks;
            }
        }
        """;

    [Fact]
    public async Task The_placeholder_contract_compiles_and_cannot_be_deployed()
    {
        // The generator alone reports nothing (PARLEY001 is the analyzers'), and the C# side is complete and loads.
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(Source));
        Assert.Empty(result.Diagnostics);
        var carrier = result.GeneratedSources.Single(s => s.HintName == "Clocked.sol.g.cs").SourceText.ToString();
        IStateMachineDefinition definition = InMemoryMachine.Load(Source, "Clocked");
        Assert.Equal("ClockedApp", definition.SolidityContractName);
        Assert.Equal(32, definition.AppDataLength);
        Assert.Contains("touch(uint8)", definition.Actions.Select(a => a.Signature));

        Assert.Contains(definition.SoliditySource, carrier, StringComparison.Ordinal);
        var artifacts = await Solc.CompileAsync(new Dictionary<string, string> { ["ClockedApp.sol"] = definition.SoliditySource });
        var artifact = artifacts["ClockedApp"];
        Assert.True(artifact.IsDeployable);

        var creation = new TransactionRequest(chain.Deployer.Address, Data: artifact.Bytecode);
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => chain.Rpc.CallAsync(creation));
        var expected = await Cast.RunAsync("calldata", "Error(string)", SolidityEmitter.UntranslatedReason);
        Assert.Equal(expected.Trim(), "0x" + Convert.ToHexStringLower(error.RevertData ?? []));
    }
}

using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.Examples;
using Xunit.Abstractions;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// The gas the generated tic-tac-toe <c>reduce</c> costs for one move (eth_estimateGas of a call to the deployed
/// contract), printed as <c>tictactoe-reduce-gas &lt;n&gt; gas</c>, and the estimate's call returning what the C#
/// reducer computes.
/// </summary>
[Collection(GeneratedContractsCollection.Name)]
public sealed class GasTests(GeneratedContractsFixture chain, ITestOutputHelper output)
{
    [Fact]
    public async Task One_tictactoe_move_costs_less_than_a_hundred_thousand_gas()
    {
        var definition = TicTacToe.Definition;
        var outcome = new Outcome(new AssetOutcome(Address.Zero, [new UInt256(0, 0, 0, 1_000_000_000_000_000_000), new UInt256(0, 0, 0, 1_000_000_000_000_000_000)]));
        var appData = definition.InitialAppData();
        foreach (var (cell, mover) in new[] { (0, 0), (1, 1), (4, 0), (8, 1) })
        {
            appData = definition.Reduce(appData, outcome, TicTacToe.Actions.Play((byte)cell), mover).AppData;
        }
        var action = TicTacToe.Actions.Play(6);
        var writer = new AbiWriter();
        writer.WriteSelector(AbiFunction.Selector("reduce(bytes,(address,uint256[])[],bytes,uint256)"));
        writer.BeginTuple(4);
        writer.WriteBytes(appData);
        outcome.WriteTo(writer);
        writer.WriteBytes(action);
        writer.WriteUInt(0);
        writer.EndTuple();
        var calldata = writer.ToArray();

        var app = chain.Apps[definition.Id];
        var returned = await chain.Rpc.CallAsync(app, calldata);
        var reader = new AbiReader(returned);
        reader.BeginTuple(2);
        var newAppData = reader.ReadBytes().ToArray();
        var newOutcome = Outcome.ReadFrom(ref reader);
        reader.EndTuple();
        var expected = definition.Reduce(appData, outcome, action, 0);
        Assert.Equal(expected.AppData, newAppData);
        Assert.Equal(expected.Outcome, newOutcome);

        var gas = await chain.Rpc.EstimateGasAsync(new TransactionRequest(chain.Deployer.Address, app, Data: calldata));
        output.WriteLine($"tictactoe-reduce-gas {gas} gas");
        Console.WriteLine($"tictactoe-reduce-gas {gas} gas");
        Assert.InRange(gas, 21_000UL, 100_000UL);
    }
}

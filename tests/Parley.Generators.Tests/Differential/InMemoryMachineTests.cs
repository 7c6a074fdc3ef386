using Parley.Generators.Tests.Infrastructure;
using Parley.StateMachines;
using Xunit.Abstractions;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// The differential test for state machines written inside the tests (compiled and loaded in memory), driven from
/// their action signatures: nested structs and struct arrays updated in place, overloads, early returns, continue and
/// break, switch without default; and a four-participant ledger using Balance/Transfer in loops.
/// </summary>
[Collection(GeneratedContractsCollection.Name)]
public sealed class InMemoryMachineTests(GeneratedContractsFixture chain, ITestOutputHelper output)
{
    private const string Ledger = """
        [StateMachine(Participants = 4, Name = "Ledger")]
        public partial class Ledger
        {
            [FixedLength(4)] public UInt256[] Credit = new UInt256[4];
            public Address Asset;
            public ushort Rounds;

            [Action]
            public void Pay(Address asset, byte to, UInt256 amount)
            {
                Require(to < ParticipantCount, "no such participant");
                Require(to != Mover, "self payment");
                Transfer(asset, Mover, to, amount);
                Credit[to] += amount;
                Asset = asset;
            }

            [Action]
            public void Settle()
            {
                for (int p = 0; p < ParticipantCount; p++)
                {
                    UInt256 balance = Balance(Asset, p);
                    if (Credit[p] > balance)
                    {
                        Credit[p] = balance;
                    }
                }
                Rounds++;
            }

            [Action]
            public void Spread(Address asset, UInt256 each)
            {
                int payer = Mover;
                for (int p = 0; p < 4; p++)
                {
                    if (p == payer)
                    {
                        continue;
                    }
                    Transfer(asset, payer, p, each);
                }
            }

            public bool IsFinal => Rounds >= 3;
        }
        """;

    public static TheoryData<string, string> Sources => new()
    {
        { "Edge", SolidityCompilationTests.Source },
        { "Ledger", Ledger },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Machines_written_in_tests_agree_with_their_solidity(string typeName, string source)
    {
        var definition = InMemoryMachine.Load(source, typeName);
        var artifacts = await TestSupport.Solc.CompileAsync(new Dictionary<string, string> { [definition.SolidityContractName + ".sol"] = definition.SoliditySource });
        var app = await chain.DeployAsync(artifacts[definition.SolidityContractName]);
        var (steps, rejected) = await DifferentialTests.CompareAsync(chain, new GenericScenario(definition), app, 120, 7 + typeName.Length, output);
        Console.WriteLine($"differential {typeName} (in memory): {steps} steps compared in 120 sequences ({rejected} rejected)");
        Assert.True(rejected < steps, "some moves must succeed");
    }
}

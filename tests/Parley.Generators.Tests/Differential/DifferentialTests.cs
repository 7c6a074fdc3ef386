using System.Diagnostics;
using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.StateMachines;
using Xunit.Abstractions;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// The key test of the generator: random action sequences (seeded; valid and invalid moves, wrong movers and malformed
/// calldata mixed) run through the generated C# reducer and through the generated Solidity on anvil. At every step
/// both must give byte-identical appData and outcome, or both must reject with the same revert data (a Require reason
/// as Error(string), overflow as Panic(0x11), division by zero as Panic(0x12), an index as Panic(0x32)); isFinal and
/// nextMover of every state reached must agree too.
/// </summary>
[Collection(GeneratedContractsCollection.Name)]
public sealed class DifferentialTests(GeneratedContractsFixture chain, ITestOutputHelper output)
{
    private const int SequencesPerMachine = 260;
    private const int Seed = 20261121;

    public static TheoryData<string> Machines => new() { "TicTacToe", "BoundedCounter", "RockPaperScissors", "BettingPot", "ArithmeticProbe" };

    private static Scenario ScenarioFor(string id) => id switch
    {
        "TicTacToe" => new TicTacToeScenario(),
        "BoundedCounter" => new BoundedCounterScenario(),
        "RockPaperScissors" => new RockPaperScissorsScenario(),
        "BettingPot" => new BettingPotScenario(),
        "ArithmeticProbe" => new ArithmeticProbeScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };

    [Theory]
    [MemberData(nameof(Machines))]
    public async Task Csharp_reducer_and_generated_solidity_agree_on_random_sequences(string machine)
    {
        var scenario = ScenarioFor(machine);
        var seed = Seed + machine.Length;
        var (steps, rejected) = await CompareAsync(chain, scenario, chain.Apps[scenario.Definition.Id], SequencesPerMachine, seed, output);
        Console.WriteLine($"differential {machine}: {steps} steps compared in {SequencesPerMachine} sequences ({rejected} rejected)");
        Assert.True(rejected > steps / 20, "the sequences should mix in invalid moves");
        Assert.True(rejected < steps * 9 / 10, "most moves should be valid");
    }

    /// <summary>
    /// Runs <paramref name="sequences"/> random sequences of <paramref name="scenario"/> through the C# reducer and,
    /// one harness eth_call per sequence, through the contract at <paramref name="app"/>; fails at the first step whose
    /// bytes differ. Returns the number of steps compared and how many the reducer rejected.
    /// </summary>
    internal static async Task<(int Steps, int Rejected)> CompareAsync(
        GeneratedContractsFixture chain, Scenario scenario, Address app, int sequences, int seed, ITestOutputHelper output)
    {
        var definition = scenario.Definition;
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        int steps = 0, rejected = 0, calls = 0;
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);

        var runs = new List<(byte[] AppData, Outcome Outcome, List<(byte[] Action, int Mover)> Moves, List<byte[]> Expected)>();
        for (var s = 0; s < sequences; s++)
        {
            var appData = definition.InitialAppData();
            var outcome = scenario.InitialOutcome(random);
            var start = (appData, outcome);
            var moves = new List<(byte[], int)>();
            var expected = new List<byte[]>();
            ulong turnNum = 0;
            var length = random.Next(3, 16);
            for (var i = 0; i < length; i++)
            {
                var (action, mover) = scenario.Next(random, appData, turnNum);
                moves.Add((action, mover));
                try
                {
                    var next = definition.Reduce(appData, outcome, action, mover);
                    expected.Add([1, .. ReturnData(next)]);
                    (appData, outcome) = (next.AppData, next.Outcome);
                    turnNum++;
                }
                catch (ActionRejectedException e)
                {
                    expected.Add([0, .. e.ToRevertData()]);
                    rejected++;
                    var key = e.Kind == RejectionKind.Require ? e.Reason : e.Kind.ToString();
                    reasons[key] = reasons.GetValueOrDefault(key) + 1;
                }
                expected.Add(Expect(() => Word(definition.IsFinal(appData) ? 1UL : 0UL)));
                expected.Add(Expect(() => Word((ulong)definition.NextMover(appData, turnNum))));
                steps++;
            }
            runs.Add((start.appData, start.outcome, moves, expected));
        }

        // One eth_call per sequence through the harness; a few in flight at a time.
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (run, ct) =>
        {
            var results = await RunOnChainAsync(chain, app, definition.ParticipantCount, run.AppData, run.Outcome, run.Moves, ct);
            Interlocked.Increment(ref calls);
            Assert.Equal(run.Expected.Count, results.Count);
            for (var i = 0; i < results.Count; i++)
            {
                if (!run.Expected[i].AsSpan().SequenceEqual(results[i]))
                {
                    var step = i / 3;
                    Assert.Fail($"{definition.Id}: step {step} ({new[] { "reduce", "isFinal", "nextMover" }[i % 3]}) differs.\n" +
                                $"action 0x{Convert.ToHexString(run.Moves[step].Action)} by mover {run.Moves[step].Mover}\n" +
                                $"C#:       0x{Convert.ToHexString(run.Expected[i])}\nSolidity: 0x{Convert.ToHexString(results[i])}");
                }
            }
        });

        output.WriteLine($"differential {definition.Id}: {steps} steps compared ({steps * 3} reduce/isFinal/nextMover results) in {sequences} sequences, " +
                         $"{rejected} rejections, seed {seed}, {calls} eth_calls, {stopwatch.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine("rejections by reason: " + string.Join(", ", reasons.Select(r => $"{r.Key} ×{r.Value}")));
        Assert.True(steps >= sequences * 3);
        return (steps, rejected);
    }

    [Theory]
    [MemberData(nameof(Machines))]
    public async Task Malformed_state_outcome_and_mover_revert_like_the_csharp_reducer(string machine)
    {
        var scenario = ScenarioFor(machine);
        var definition = scenario.Definition;
        var app = chain.Apps[definition.Id];
        var random = new Random(Seed);
        var initial = definition.InitialAppData();
        var outcome = scenario.InitialOutcome(random);
        var (action, mover) = scenario.Next(new Random(1), initial, 0);
        var dirty = (byte[])initial.Clone();
        dirty[0] = 0xff;
        var cases = new List<(byte[] AppData, Outcome Outcome, byte[] Action, int Mover)>
        {
            (initial, outcome, action, mover),                                   // a valid first move, called directly
            (initial[..^32], outcome, action, mover),                           // appData one word short
            ([.. initial, .. new byte[32]], outcome, action, mover),             // appData one word long
            (dirty, outcome, action, mover),                                     // a value out of its type's range
            (initial, new Outcome(outcome.Assets.Select(a => a with { Balances = a.Balances.Add(UInt256.One) })), action, mover), // a balance too many
            (initial, outcome, action, definition.ParticipantCount),             // not a participant
            (initial, outcome, [], 0),                                           // no selector
        };
        foreach (var (appData, o, a, m) in cases)
        {
            byte[] expected;
            try
            {
                expected = ReturnData(definition.Reduce(appData, o, a, m));
            }
            catch (ActionRejectedException e)
            {
                expected = e.ToRevertData();
            }
            byte[] actual;
            try
            {
                actual = await chain.Rpc.CallAsync(app, ReduceCalldata(appData, o, a, m));
            }
            catch (JsonRpcException e) when (e.RevertData is { } revert)
            {
                actual = revert;
            }
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        }
        output.WriteLine($"{machine}: {cases.Count} direct eth_calls of reduce compared");
    }

    private static byte[] Expect(Func<byte[]> call)
    {
        try
        {
            return [1, .. call()];
        }
        catch (ActionRejectedException e)
        {
            return [0, .. e.ToRevertData()];
        }
    }

    private static byte[] Word(ulong value)
    {
        var word = new byte[32];
        new UInt256(0, 0, 0, value).WriteBigEndian(word);
        return word;
    }

    /// <summary>The ABI return data of <c>reduce</c>: <c>abi.encode(bytes newAppData, AssetOutcome[] newOutcome)</c>.</summary>
    private static byte[] ReturnData(StateTransition next)
    {
        var writer = new AbiWriter();
        writer.BeginTuple(2);
        writer.WriteBytes(next.AppData);
        next.Outcome.WriteTo(writer);
        writer.EndTuple();
        return writer.ToArray();
    }

    private static byte[] ReduceCalldata(byte[] appData, Outcome outcome, byte[] action, int mover)
    {
        var writer = new AbiWriter();
        writer.WriteSelector(AbiFunction.Selector("reduce(bytes,(address,uint256[])[],bytes,uint256)"));
        writer.BeginTuple(4);
        writer.WriteBytes(appData);
        outcome.WriteTo(writer);
        writer.WriteBytes(action);
        writer.WriteUInt((ulong)mover);
        writer.EndTuple();
        return writer.ToArray();
    }

    private static async Task<IReadOnlyList<byte[]>> RunOnChainAsync(
        GeneratedContractsFixture chain, Address app, int participants, byte[] appData, Outcome outcome, List<(byte[] Action, int Mover)> moves, CancellationToken ct)
    {
        var writer = new AbiWriter();
        writer.WriteSelector(AbiFunction.Selector("run(address,bytes,(address,uint256[])[],bytes[],uint256[],uint256)"));
        writer.BeginTuple(6);
        writer.WriteAddress(app);
        writer.WriteBytes(appData);
        outcome.WriteTo(writer);
        writer.BeginArray(moves.Count, 1);
        foreach (var (action, _) in moves)
        {
            writer.WriteBytes(action);
        }
        writer.EndArray();
        writer.BeginArray(moves.Count, 1);
        foreach (var (_, mover) in moves)
        {
            writer.WriteUInt((ulong)mover);
        }
        writer.EndArray();
        writer.WriteUInt((ulong)participants);
        writer.EndTuple();
        var data = await chain.Rpc.CallAsync(chain.Harness, writer.ToArray(), cancellationToken: ct);
        var reader = new AbiReader(data);
        reader.BeginTuple(1);
        var count = reader.BeginArray(1, "results");
        var results = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            results.Add(reader.ReadBytes().ToArray());
        }
        reader.EndArray();
        reader.EndTuple();
        reader.EnsureFullyConsumed();
        return results;
    }
}

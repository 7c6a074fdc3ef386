using BenchmarkDotNet.Attributes;
using Parley.Channels;
using Parley.Examples;
using Parley.StateMachines;

namespace Parley.Benchmarks.Generator;

/// <summary>
/// One tic-tac-toe step through the generated reducer, as the channel runtime runs it for every received update:
/// strict decode of appData, outcome and mover checks, the rules (Play, LineWinner), encode of the next state, and the
/// EIP-712 appDataHash (keccak256) of the result. Target: ≤ 5 µs median.
/// </summary>
[MemoryDiagnoser]
[ReportP95]
public class TicTacToeReduceBenchmarks
{
    private readonly IStateMachineDefinition _definition = TicTacToe.Definition;
    private byte[] _appData = [];
    private byte[] _action = [];
    private Outcome _outcome = Outcome.Empty;

    [GlobalSetup]
    public void Setup()
    {
        // A mid-game position: X at 0 and 4, O at 1 and 8; X to move (turn 4) into cell 6, no line completed.
        var appData = _definition.InitialAppData();
        _outcome = new Outcome(new AssetOutcome(Address.Zero, [UInt256.One * 1_000_000_000_000_000_000UL, UInt256.One * 1_000_000_000_000_000_000UL]));
        foreach (var (cell, mover) in new[] { (0, 0), (1, 1), (4, 0), (8, 1) })
        {
            var next = _definition.Reduce(appData, _outcome, TicTacToe.Actions.Play((byte)cell), mover);
            appData = next.AppData;
        }
        _appData = appData;
        _action = TicTacToe.Actions.Play(6);
    }

    [Benchmark(Description = "tictactoe-reduce")]
    public Bytes32 Reduce()
    {
        var next = _definition.Reduce(_appData, _outcome, _action, 0);
        return _definition.AppDataHash(next.AppData);
    }
}

using Parley.Channels;
using Parley.Examples;
using Parley.Examples.Machines;
using Parley.StateMachines;

namespace Parley.Generators.Tests.Differential;

/// <summary>Tic-tac-toe: mostly free cells by the right player; taken cells, bad cells and moves after the end mixed in.</summary>
public sealed class TicTacToeScenario : Scenario
{
    public override IStateMachineDefinition Definition => TicTacToe.Definition;

    public override Outcome InitialOutcome(Random random) => Outcome((Eth, [Ether(1 + (ulong)random.Next(5)), Ether(1 + (ulong)random.Next(5))]));

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum)
    {
        var game = TicTacToe.FromAppData(appData);
        var free = Enumerable.Range(0, 9).Where(c => game.Board[c] == 0).ToList();
        var cell = random.Next(10) switch
        {
            < 7 when free.Count > 0 => free[random.Next(free.Count)],
            < 9 => random.Next(9),
            _ => random.Next(9, 256),
        };
        return TicTacToe.Actions.Play((byte)cell);
    }
}

/// <summary>The bounded counter: every action with edge values of every width.</summary>
public sealed class BoundedCounterScenario : Scenario
{
    public override IStateMachineDefinition Definition => BoundedCounter.Definition;

    public override Outcome InitialOutcome(Random random) => Outcome((Eth, [Ether(1), Ether(2)]));

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum) => random.Next(9) switch
    {
        7 or 8 => BoundedCounter.Actions.Apply((byte)random.Next(0, 10), random.Next(3) == 0 ? EdgeInt(random) : random.Next(-200, 200)),
        0 => BoundedCounter.Actions.Add(random.Next(2) == 0 ? EdgeInt(random) : random.Next(-1_000_000, 1_000_000)),
        1 => BoundedCounter.Actions.Set(EdgeInt(random)),
        2 => BoundedCounter.Actions.Scale(Pick<short>(random, 0, 1, -1, 2, -3, 100, -100, short.MaxValue, short.MinValue, (short)random.Next(short.MinValue, short.MaxValue))),
        3 => BoundedCounter.Actions.Divide(Pick(random, 0, 1, -1, 2, -3, 7, int.MaxValue, int.MinValue, EdgeInt(random))),
        4 => BoundedCounter.Actions.Narrow(),
        5 => BoundedCounter.Actions.Shift(EdgeInt(random)),
        _ => BoundedCounter.Actions.Mix(
            Pick<sbyte>(random, 0, 1, -1, sbyte.MaxValue, sbyte.MinValue, (sbyte)random.Next(-128, 128)),
            Pick(random, 0u, 1u, 7u, uint.MaxValue, (uint)random.NextInt64(0, uint.MaxValue))),
    };
}

/// <summary>Rock-paper-scissors: honest commitments and reveals, wrong salts, invalid hands, out-of-phase moves.</summary>
public sealed class RockPaperScissorsScenario : Scenario
{
    private readonly Dictionary<Bytes32, (Hand Hand, Bytes32 Salt)> _openings = [];

    public override IStateMachineDefinition Definition => RockPaperScissors.Definition;

    public override Outcome InitialOutcome(Random random) => Outcome((Eth, [Ether(3), Ether(3)]), (Token, [new UInt256(0, 0, 0, 500), new UInt256(0, 0, 0, 700)]));

    public static Bytes32 Commitment(Hand hand, Bytes32 salt)
    {
        Span<byte> data = stackalloc byte[64];
        data[31] = (byte)hand;
        salt.CopyTo(data[32..]);
        return Crypto.Keccak256.Hash(data);
    }

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum)
    {
        var game = RockPaperScissors.FromAppData(appData);
        var phase = random.Next(10) < 8 ? game.Phase : (byte)random.Next(4);
        switch (phase)
        {
            case 0:
                var hand = (Hand)random.Next(0, 5);
                var salt = RandomBytes32(random);
                var commitment = Commitment(hand, salt);
                _openings[commitment] = (hand, salt);
                return RockPaperScissors.Actions.Commit(random.Next(10) == 0 ? RandomBytes32(random) : commitment);
            case 1:
                return RockPaperScissors.Actions.Respond((Hand)random.Next(0, 5));
            default:
                if (_openings.TryGetValue(game.Commitment, out var opening) && random.Next(10) < 8)
                {
                    return RockPaperScissors.Actions.Reveal(opening.Hand, opening.Salt);
                }
                return RockPaperScissors.Actions.Reveal((Hand)random.Next(0, 4), RandomBytes32(random));
        }
    }
}

/// <summary>The betting pot: bets in ETH, a token and an unknown asset, amounts up to past the balance, settling, tips, overflowing balances.</summary>
public sealed class BettingPotScenario : Scenario
{
    private static readonly Address Unknown = Address.Parse("0x00000000000000000000000000000000000000bb");

    public override IStateMachineDefinition Definition => BettingPot.Definition;

    public override Outcome InitialOutcome(Random random)
    {
        var houseToken = random.Next(8) == 0 ? UInt256.MaxValue - new UInt256(0, 0, 0, 3) : new UInt256(0, 0, 0, (ulong)random.Next(0, 10_000));
        return Outcome(
            (Eth, [Ether((ulong)random.Next(0, 4)), Ether((ulong)random.Next(0, 4)), Ether((ulong)random.Next(0, 4))]),
            (Token, [new UInt256(0, 0, 0, (ulong)random.Next(0, 10_000)), new UInt256(0, 0, 0, (ulong)random.Next(0, 10_000)), houseToken]));
    }

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum)
    {
        var pot = BettingPot.FromAppData(appData);
        var asset = random.Next(12) == 0 ? Unknown : Pick(random, Eth, Token);
        var amount = random.Next(6) switch
        {
            0 => UInt256.Zero,
            1 when random.Next(3) == 0 => RandomUInt256(random),
            2 => asset == Eth ? Ether((ulong)random.Next(1, 3)) : new UInt256(0, 0, 0, (ulong)random.Next(1, 5_000)),
            _ => new UInt256(0, 0, 0, (ulong)random.Next(1, 5_000)),
        };
        return (random.Next(10), pot.Placed) switch
        {
            (< 6, < 2) => BettingPot.Actions.PlaceBet(asset, amount, (byte)random.Next(0, 8)),
            (< 8, _) => BettingPot.Actions.Settle((byte)random.Next(0, 8)),
            (< 9, _) when random.Next(2) == 0 => BettingPot.Actions.SwapBets(),
            (< 9, _) => BettingPot.Actions.Tip(asset, amount),
            _ => BettingPot.Actions.PlaceBet(asset, amount, (byte)random.Next(0, 8)),
        };
    }
}

/// <summary>The arithmetic probe: edge values of every width.</summary>
public sealed class ArithmeticProbeScenario : Scenario
{
    private static readonly long[] Longs =
    [
        0, 1, -1, 2, -2, 7, -7, 31, 32, 33, 63, 64, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
        int.MaxValue, (long)int.MaxValue + 1, int.MinValue, (long)int.MinValue - 1, uint.MaxValue, (long)uint.MaxValue + 1,
        long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 1L << 40, -(1L << 40),
    ];

    public override IStateMachineDefinition Definition => ArithmeticProbe.Definition;

    public override Outcome InitialOutcome(Random random) => Outcome((Eth, [Ether(1)]));

    private static long EdgeLong(Random random) => random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Longs[random.Next(Longs.Length)];

    private static UInt256 EdgeBig(Random random) => random.Next(5) switch
    {
        0 => UInt256.Zero,
        1 => UInt256.MaxValue - new UInt256(0, 0, 0, (ulong)random.Next(3)),
        2 => new UInt256(0, 0, 0, (ulong)random.Next(1, 100)),
        3 => UInt256.One << random.Next(0, 256),
        _ => RandomUInt256(random),
    };

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum) => random.Next(8) switch
    {
        0 => ArithmeticProbe.Actions.Narrow(EdgeLong(random), (byte)random.Next(256)),
        1 => ArithmeticProbe.Actions.FromUnsigned(unchecked((ulong)EdgeLong(random))),
        2 => ArithmeticProbe.Actions.Wrap(EdgeLong(random)),
        3 => ArithmeticProbe.Actions.Shift(EdgeLong(random), EdgeInt(random)),
        4 => ArithmeticProbe.Actions.DivRem(EdgeLong(random), Pick(random, 0L, 1L, -1L, 2L, -3L, 7L, long.MinValue, long.MaxValue, EdgeLong(random)), EdgeInt(random), Pick(random, 0, 1, -1, 3, -7, int.MinValue, EdgeInt(random))),
        5 => ArithmeticProbe.Actions.Negate(EdgeInt(random), Pick(random, 0u, 1u, uint.MaxValue, (uint)random.NextInt64(0, uint.MaxValue))),
        6 => ArithmeticProbe.Actions.BigConvert(EdgeLong(random), (byte)random.Next(256)),
        _ => ArithmeticProbe.Actions.BigMath(EdgeBig(random), EdgeBig(random)),
    };
}

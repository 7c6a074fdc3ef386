using System.Buffers.Binary;
using System.Collections.Immutable;
using Parley.Channels;
using Parley.StateMachines;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// How to drive one example state machine with random action sequences: its definition, a starting outcome, and a
/// generator of next moves (mostly plausible ones, with invalid moves, wrong movers and malformed calldata mixed in).
/// </summary>
public abstract class Scenario
{
    public static readonly Address Eth = Address.Zero;
    public static readonly Address Token = Address.Parse("0x00000000000000000000000000000000000000aa");

    public abstract IStateMachineDefinition Definition { get; }

    public abstract Outcome InitialOutcome(Random random);

    /// <summary>The next action's calldata for the state <paramref name="appData"/> (turn <paramref name="turnNum"/>).</summary>
    protected abstract byte[] NextAction(Random random, byte[] appData, ulong turnNum);

    /// <summary>A move: calldata and mover index.</summary>
    public (byte[] Action, int Mover) Next(Random random, byte[] appData, ulong turnNum)
    {
        var action = random.Next(100) < 6 ? Malformed(random, appData, turnNum) : NextAction(random, appData, turnNum);
        var p = Definition.ParticipantCount;
        int mover;
        var roll = random.Next(100);
        if (roll < 85)
        {
            try
            {
                mover = Definition.NextMover(appData, turnNum);
            }
            catch (ActionRejectedException)
            {
                mover = random.Next(p);
            }
        }
        else if (roll < 96)
        {
            mover = random.Next(p);
        }
        else
        {
            mover = p + random.Next(3);
        }
        return (action, mover);
    }

    private byte[] Malformed(Random random, byte[] appData, ulong turnNum)
    {
        var valid = NextAction(random, appData, turnNum);
        switch (random.Next(5))
        {
            case 0:
                return valid[..random.Next(Math.Min(4, valid.Length))];          // shorter than a selector
            case 1:
                var unknown = (byte[])valid.Clone();                                // unknown selector
                unknown[random.Next(4)] ^= (byte)(1 + random.Next(255));
                return unknown;
            case 2:
                return [.. valid, .. new byte[32]];                                 // trailing word
            case 3:
                return valid.Length > 4 ? valid[..^1] : [.. valid, 0];              // truncated argument
            default:
                if (valid.Length <= 4)
                {
                    return [.. valid, 1];
                }
                var dirty = (byte[])valid.Clone();                                  // dirty high bits (or a valid value)
                dirty[4 + 32 * random.Next((valid.Length - 4) / 32)] = (byte)random.Next(1, 256);
                return dirty;
        }
    }

    protected static Outcome Outcome(params (Address Asset, UInt256[] Balances)[] assets) =>
        new(assets.Select(a => new AssetOutcome(a.Asset, ImmutableArray.Create(a.Balances))));

    protected static UInt256 Ether(ulong n) => checked((UInt256)n * (UInt256)1_000_000_000_000_000_000UL);

    protected static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    protected static int EdgeInt(Random random) => random.Next(3) == 0
        ? random.Next(int.MinValue, int.MaxValue)
        : Pick(random, 0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 33, 63, 64, 65, -31, -32, 1000, -1000, 65536, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 1 << 30);

    protected static Bytes32 RandomBytes32(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new Bytes32(bytes);
    }

    protected static UInt256 RandomUInt256(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return UInt256.ReadBigEndian(bytes);
    }

    protected static byte[] Calldata(uint selector, params UInt256[] words)
    {
        var data = new byte[4 + 32 * words.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, selector);
        for (var i = 0; i < words.Length; i++)
        {
            words[i].WriteBigEndian(data.AsSpan(4 + 32 * i));
        }
        return data;
    }
}

using Parley.Channels;
using Parley.StateMachines;

namespace Parley.Generators.Tests.Differential;

/// <summary>
/// Drives any state machine from its action signatures alone: each argument gets an edge or random value of its ABI
/// type (uint/int of any width, bool, address, bytes32, uint256).
/// </summary>
public sealed class GenericScenario(IStateMachineDefinition definition) : Scenario
{
    public override IStateMachineDefinition Definition { get; } = definition;

    public override Outcome InitialOutcome(Random random) => Outcome(
        (Eth, Enumerable.Range(0, Definition.ParticipantCount).Select(_ => new UInt256(0, 0, 0, (ulong)random.Next(0, 1000))).ToArray()),
        (Token, Enumerable.Range(0, Definition.ParticipantCount).Select(_ => random.Next(10) == 0 ? UInt256.MaxValue - UInt256.One : new UInt256(0, 0, 0, (ulong)random.Next(0, 1000))).ToArray()));

    protected override byte[] NextAction(Random random, byte[] appData, ulong turnNum)
    {
        var action = Definition.Actions[random.Next(Definition.Actions.Count)];
        var types = action.Signature[(action.Signature.IndexOf('(') + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        return Calldata(action.Selector, types.Select(t => Value(random, t)).ToArray());
    }

    private static UInt256 Value(Random random, string type)
    {
        switch (type)
        {
            case "bool":
                return random.Next(2) == 0 ? UInt256.Zero : UInt256.One;
            case "address":
                return random.Next(3) switch { 0 => UInt256.Zero, 1 => new UInt256(0, 0, 0, 0xaa), _ => new UInt256(0, 0, 0, (ulong)random.Next(1, 256)) };
            case "bytes32":
                return RandomUInt256(random);
        }
        var signed = type.StartsWith("int", StringComparison.Ordinal);
        var bits = int.Parse(type[(signed ? 3 : 4)..], System.Globalization.CultureInfo.InvariantCulture);
        if (bits == 256)
        {
            return random.Next(4) switch { 0 => UInt256.Zero, 1 => UInt256.MaxValue, 2 => new UInt256(0, 0, 0, (ulong)random.Next(0, 2000)), _ => RandomUInt256(random) };
        }
        var max = bits == 64 ? (signed ? long.MaxValue : -1L) : (signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1);
        var min = signed ? (bits == 64 ? long.MinValue : -(1L << (bits - 1))) : 0;
        long v = random.Next(6) switch
        {
            0 => 0,
            1 => 1,
            2 => signed ? -1 : 2,
            3 => max,
            4 => min,
            _ => random.Next(-5, 20),
        };
        if (!signed && v < 0 && bits < 64)
        {
            v = 3;
        }
        return unchecked((UInt256)v);   // sign-extended for signed types, as the ABI encodes them
    }
}

using Parley.Channels;
using Parley.Crypto;
using Parley.Examples;
using Parley.Protocol;
using Parley.StateMachines;
using Parley.Store;
using Parley.Transport;

namespace Parley.Runtime.Tests.Protocol;

/// <summary>Fixed keys, a network and helpers shared by the protocol tests.</summary>
public static class TestKeys
{
    public static readonly PrivateKey Alice = PrivateKey.Parse("0x1111111111111111111111111111111111111111111111111111111111111111");
    public static readonly PrivateKey Bob = PrivateKey.Parse("0x2222222222222222222222222222222222222222222222222222222222222222");
    public static readonly PrivateKey Carol = PrivateKey.Parse("0x3333333333333333333333333333333333333333333333333333333333333333");
    public static readonly PrivateKey Mallory = PrivateKey.Parse("0x6666666666666666666666666666666666666666666666666666666666666666");
    public static readonly NetworkContext Network = new(31337, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
    public static readonly Address AppDefinition = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FixedPart TwoParty(ulong nonce = 1) =>
        new(Network.ChainId, Network.Adjudicator, [Alice.Address, Bob.Address], nonce, AppDefinition, 3600);

    public static Outcome Stakes(ulong a = 5, ulong b = 5) =>
        new(new AssetOutcome(Address.Zero, [new UInt256(0, 0, 0, a), new UInt256(0, 0, 0, b)]));

    public static IStateMachineDefinition TicTacToeApp => TicTacToe.Definition;

    /// <summary>A funding deadline one hour after <paramref name="now"/>, unix seconds.</summary>
    public static ulong Deadline(DateTimeOffset now) => (ulong)now.ToUnixTimeSeconds() + 3600;
}

/// <summary>One participant's view in a pure-core scenario: its context, state, and what its steps asked for.</summary>
public sealed class CoreParty(PrivateKey key, ProtocolOptions? options = null)
{
    public ProtocolContext Context { get; } = new(key, TestKeys.Network, options ?? new ProtocolOptions());

    public ChannelState? State { get; set; }

    public List<Step> Steps { get; } = [];

    public List<ChannelWriteBatch> Persisted { get; } = [];

    public Address Address => Context.Address;

    public Step Apply(Step step)
    {
        Steps.Add(step);
        if (step.Persist is { } batch)
        {
            Persisted.Add(batch);
        }
        if (step.State is not null)
        {
            State = step.State;
        }
        return step;
    }
}

/// <summary>Delivers the messages of pure-core steps between parties until quiet.</summary>
public sealed class CoreNet(params CoreParty[] parties)
{
    private readonly Queue<(Address From, Outbound Out)> _queue = new();

    public DateTimeOffset Now { get; set; } = TestKeys.T0;

    public Func<Address, Address, ChannelMessage, bool> Filter { get; set; } = (_, _, _) => true;

    public CoreParty Party(Address address) => parties.Single(p => p.Address == address);

    public Step Do(CoreParty party, Func<ProtocolContext, ChannelState?, Step> action)
    {
        var step = party.Apply(action(party.Context, party.State));
        Enqueue(party.Address, step);
        return step;
    }

    public void Enqueue(Address from, Step step)
    {
        foreach (var outbound in step.Messages)
        {
            _queue.Enqueue((from, outbound));
        }
    }

    public List<(Address To, Step Step)> Run(int limit = 10_000)
    {
        var delivered = new List<(Address, Step)>();
        while (_queue.Count > 0 && limit-- > 0)
        {
            var (from, outbound) = _queue.Dequeue();
            if (!Filter(from, outbound.To, outbound.Message))
            {
                continue;
            }
            var to = Party(outbound.To);
            var step = Deliver(to, from, outbound.Message);
            delivered.Add((to.Address, step));
            Enqueue(to.Address, step);
        }
        return delivered;
    }

    public Step Deliver(CoreParty to, Address from, ChannelMessage message)
    {
        Step step;
        if (to.State is null)
        {
            step = message is ProposeMessage propose
                ? ChannelProtocol.ReceiveProposal(to.Context, from, propose, StateMachineRegistry.TryGet(propose.App, out var app) ? app : null, accept: true, Now)
                : ChannelProtocol.ReceiveForUnknownChannel(from, message, Now);
        }
        else
        {
            step = ChannelProtocol.Receive(to.Context, to.State, from, message, Now);
        }
        return to.Apply(step);
    }
}

using Parley.Examples;
using Parley.Runtime.Peer.Machines;
using Parley.StateMachines;

namespace Parley.Runtime.Tests;

/// <summary>The state machines the tests and the peer processes use, registered before lookups.</summary>
public static class TestApps
{
    static TestApps()
    {
        _ = TicTacToe.Definition;
        _ = TicTacToe3.Definition;
        _ = Rally.Definition;
        _ = PaymentStream.Definition;
    }

    public static IStateMachineDefinition? Resolve(string id) => StateMachineRegistry.TryGet(id, out var definition) ? definition : null;
}

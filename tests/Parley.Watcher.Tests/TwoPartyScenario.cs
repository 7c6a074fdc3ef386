using Parley.Protocol;

namespace Parley.Watcher.Tests;

/// <summary>
/// The frame of a test class whose tests each run two parties (Alice and Bob, <see cref="Party"/>) on the class's anvil
/// (<see cref="ChainFixture"/>): every test starts from an <c>evm_snapshot</c> and reverts to it afterwards, keeps its
/// stores in a fresh temporary folder (deleted afterwards), and disposes the parties it started.
/// </summary>
/// <param name="chain">The class's chain.</param>
/// <param name="name">A word for the temporary folder's name (<c>parley-&lt;name&gt;-…</c>).</param>
public abstract class TwoPartyScenario(ChainFixture chain, string name) : IAsyncLifetime
{
    /// <summary>The class's chain: anvil with the adjudicator and tic-tac-toe deployed.</summary>
    protected ChainFixture Anvil { get; } = chain;

    private readonly string _directory = Directory.CreateTempSubdirectory($"parley-{name}-").FullName;
    private readonly List<Party> _parties = [];
    private string _snapshot = "";

    /// <inheritdoc/>
    public async Task InitializeAsync() => _snapshot = await Anvil.Rpc.SnapshotAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var party in _parties)
        {
            await party.DisposeAsync();
        }
        await Anvil.Rpc.RevertAsync(_snapshot);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Starts Alice, then Bob dialling her, each with its own store under the test's folder.</summary>
    protected async Task<(Party Alice, Party Bob)> PartiesAsync(ProtocolOptions? protocol = null)
    {
        var alice = await Party.StartAsync(Anvil, Path.Combine(_directory, "alice"), protocol: protocol);
        _parties.Add(alice);
        var bob = await Party.StartAsync(Anvil, Path.Combine(_directory, "bob"), dial: alice, protocol: protocol);
        _parties.Add(bob);
        return (alice, bob);
    }

    /// <summary>Stops a party before the test ends (a node going away); it is no longer disposed at the end.</summary>
    protected async Task StopAsync(Party party)
    {
        _parties.Remove(party);
        await party.DisposeAsync();
    }
}

using Parley.Engine;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;
using Parley.StateMachines;
using Parley.Store;

namespace Parley.Runtime.Tests.MultiProcess;

/// <summary>Channels between separate peer processes over real TCP on 127.0.0.1, played to the end.</summary>
[Collection("processes")]
public sealed class MultiProcessChannelTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static string Hex(Crypto.PrivateKey key) => "0x" + Convert.ToHexStringLower(key.ExportBytes());

    [Fact]
    public async Task Two_processes_play_many_tic_tac_toe_games_to_the_end()
    {
        await using var bob = PeerProcess.Start("bob", "play", "--key", Hex(TestKeys.Bob), "--db", _dir.File("bob.db"), "--expect", "20", "--seed", "2");
        var port = (await bob.WaitForAsync("ready", Limit)).GetProperty("port").GetInt32();
        await using var alice = PeerProcess.Start("alice", "play", "--key", Hex(TestKeys.Alice), "--db", _dir.File("alice.db"),
            "--peer", $"{TestKeys.Bob.Address}=127.0.0.1:{port}", "--participants", $"{TestKeys.Alice.Address},{TestKeys.Bob.Address}",
            "--app", "TicTacToe", "--propose", "20", "--seed", "1");
        await alice.WaitForAsync("done", Limit);
        await bob.WaitForAsync("done", Limit);
        Assert.Equal(0, await alice.StopAsync(Limit));
        Assert.Equal(0, await bob.StopAsync(Limit));
        Assert.Empty(alice.Lines("rejected"));
        Assert.Empty(bob.Lines("rejected"));
        await AssertSameCleanHistoriesAsync(20, _dir.File("alice.db"), _dir.File("bob.db"));
    }

    [Fact]
    public async Task Three_processes_play_three_player_tic_tac_toe_to_the_end()
    {
        await using var carol = PeerProcess.Start("carol", "play", "--key", Hex(TestKeys.Carol), "--db", _dir.File("carol.db"), "--expect", "8", "--seed", "3");
        var carolPort = (await carol.WaitForAsync("ready", Limit)).GetProperty("port").GetInt32();
        await using var bob = PeerProcess.Start("bob", "play", "--key", Hex(TestKeys.Bob), "--db", _dir.File("bob.db"), "--expect", "8", "--seed", "2",
            "--peer", $"{TestKeys.Carol.Address}=127.0.0.1:{carolPort}");
        var bobPort = (await bob.WaitForAsync("ready", Limit)).GetProperty("port").GetInt32();
        await using var alice = PeerProcess.Start("alice", "play", "--key", Hex(TestKeys.Alice), "--db", _dir.File("alice.db"),
            "--peer", $"{TestKeys.Bob.Address}=127.0.0.1:{bobPort}", "--peer", $"{TestKeys.Carol.Address}=127.0.0.1:{carolPort}",
            "--participants", $"{TestKeys.Alice.Address},{TestKeys.Bob.Address},{TestKeys.Carol.Address}",
            "--app", "TicTacToe3", "--propose", "8", "--seed", "1");
        await alice.WaitForAsync("done", Limit);
        await bob.WaitForAsync("done", Limit);
        await carol.WaitForAsync("done", Limit);
        foreach (var peer in new[] { alice, bob, carol })
        {
            Assert.Equal(0, await peer.StopAsync(Limit));
        }
        await AssertSameCleanHistoriesAsync(8, _dir.File("alice.db"), _dir.File("bob.db"), _dir.File("carol.db"));
    }

    /// <summary>Every database re-derives cleanly and they all hold the same log, channel by channel.</summary>
    internal static async Task AssertSameCleanHistoriesAsync(int channels, params string[] databases)
    {
        var logs = new List<Dictionary<Bytes32, List<(ulong, Bytes32)>>>();
        foreach (var db in databases)
        {
            await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = db });
            var ids = await store.ListChannelsAsync();
            Assert.Equal(channels, ids.Count);
            var log = new Dictionary<Bytes32, List<(ulong, Bytes32)>>();
            foreach (var id in ids)
            {
                var report = await StoredHistory.RederiveAsync(store, id, TestApps.Resolve);
                Assert.True(report.IsClean, $"{db}: {report}");
                var stored = await store.LoadChannelAsync(id, 0);
                Assert.Equal(ChannelPhase.Concluded, stored!.Latest!.Phase);
                log[id] = (await store.ReadLogAsync(id, 0, ulong.MaxValue)).Select(e => (e.TurnNum, e.StateHash)).ToList();
            }
            logs.Add(log);
        }
        foreach (var other in logs.Skip(1))
        {
            foreach (var (id, entries) in logs[0])
            {
                Assert.Equal(entries, other[id]);
            }
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Parley.Protocol;
using Parley.Runtime.Tests.Protocol;
using Parley.Store;
using Xunit.Abstractions;

namespace Parley.Runtime.Tests.MultiProcess;

/// <summary>
/// The crash test: a peer process is killed with SIGKILL at seeded random points during a long channel, restarts from
/// its database every time, and the channel runs to its end. Then: no state the victim reported stored was lost, no
/// turnNum was signed twice (with different states), no peer saw a fork or equivocation, and both databases
/// re-derive cleanly to the same history.
/// </summary>
/// <remarks>
/// Size: <c>PARLEY_CRASH_UPDATES</c> (default 1,000 updates) and <c>PARLEY_CRASH_KILLS</c> (default 20 kills);
/// <c>PARLEY_CRASH_SEED</c> fixes the kill points (the seed used is printed).
/// </remarks>
[Collection("processes")]
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [Fact]
    public async Task A_peer_killed_at_random_points_restarts_from_its_database_and_the_channel_runs_to_the_end()
    {
        var updates = Setting("PARLEY_CRASH_UPDATES", 1000);
        var kills = Setting("PARLEY_CRASH_KILLS", 20);
        var seed = Setting("PARLEY_CRASH_SEED", Environment.TickCount);
        output.WriteLine($"crash test: {updates} updates, {kills} kills, seed {seed} (PARLEY_CRASH_SEED to reproduce)");
        var random = new Random(seed);
        // Each incarnation but the last is told (by seeded random numbers) to SIGKILL itself a given number of stored
        // states after it starts, plus 0–3 ms: the kill comes from a separate thread at an arbitrary instant — mid-commit,
        // between a commit and its send, while a message is half read. Gaps are 1/2–1 "segment", so all kills fit.
        var segment = (updates - updates / 10) / kills;
        Assert.True(segment >= 4, "too many kills for the number of updates");
        var gaps = new Queue<int>(Enumerable.Range(0, kills).Select(_ => random.Next(segment / 2, segment + 1)));
        var delays = new Queue<int>(Enumerable.Range(0, kills).Select(_ => random.Next(0, 3000)));
        output.WriteLine("kill after (stored states, µs): " + string.Join(", ", gaps.Zip(delays)));

        var aliceDb = _dir.File("alice.db");
        var bobDb = _dir.File("bob.db");
        await using var alice = PeerProcess.Start("alice", "play", "--key", MultiProcessChannelTests.Hex(TestKeys.Alice), "--db", aliceDb,
            "--participants", $"{TestKeys.Alice.Address},{TestKeys.Bob.Address}", "--app", "Rally", "--target", updates.ToString(CultureInfo.InvariantCulture),
            "--propose", "1");
        var alicePort = (await alice.WaitForAsync("ready", Limit)).GetProperty("port").GetInt32();
        string[] BobArgs() => gaps.Count == 0
            ? ["play", "--key", MultiProcessChannelTests.Hex(TestKeys.Bob), "--db", bobDb, "--peer", $"{TestKeys.Alice.Address}=127.0.0.1:{alicePort}", "--expect", "1"]
            : ["play", "--key", MultiProcessChannelTests.Hex(TestKeys.Bob), "--db", bobDb, "--peer", $"{TestKeys.Alice.Address}=127.0.0.1:{alicePort}", "--expect", "1",
                "--die-after", gaps.Dequeue().ToString(CultureInfo.InvariantCulture), "--die-delay-us", delays.Dequeue().ToString(CultureInfo.InvariantCulture)];

        // Each incarnation of Bob: the highest turnNum it reported durably stored, and what it restored from.
        var storedByIncarnation = new List<long>();
        var restoredByIncarnation = new List<long>();
        var signedHashes = new Dictionary<(string Who, ulong Turn), HashSet<string>>();
        var killed = 0;
        var incarnation = 0;
        var bob = PeerProcess.Start("bob#0", BobArgs());
        try
        {
            while (true)
            {
                var finished = false;
                using var watch = new CancellationTokenSource(Limit);
                await bob.WatchAsync(line => finished = line.GetProperty("e").GetString() == "done", watch.Token);
                long highestStored = -1;
                long restored = -1;
                if (!finished)
                {
                    // The output ended: the process died. Read everything it wrote, including what was still in the pipe.
                    await bob.DrainAsync(Limit);
                    Assert.Equal(137, bob.ExitCode); // 128 + SIGKILL
                    killed++;
                }
                foreach (var line in bob.Lines("stored").Concat(bob.Lines("signed")))
                {
                    var turn = line.GetProperty("turn").GetUInt64();
                    highestStored = Math.Max(highestStored, (long)turn);
                    Record(signedHashes, "bob", turn, line.GetProperty("hash").GetString());
                }
                if (bob.Lines("restored").FirstOrDefault() is { ValueKind: JsonValueKind.Object } r)
                {
                    restored = (long)r.GetProperty("turn").GetUInt64();
                }
                storedByIncarnation.Add(highestStored);
                restoredByIncarnation.Add(restored);
                if (finished)
                {
                    break;
                }
                await bob.DisposeAsync();
                incarnation++;
                bob = PeerProcess.Start($"bob#{incarnation}", BobArgs());
            }
            await alice.WaitForAsync("done", Limit);
            Assert.Equal(0, await bob.StopAsync(Limit));
            Assert.Equal(0, await alice.StopAsync(Limit));
        }
        finally
        {
            await bob.DisposeAsync();
        }
        output.WriteLine($"killed {killed} times; restored at turnNums {string.Join(", ", restoredByIncarnation.Skip(1))}");

        Assert.True(killed >= kills, $"only {killed} of {kills} kills happened");

        // No accepted state lost: every incarnation restored at least what the previous one reported stored.
        for (var i = 1; i < restoredByIncarnation.Count; i++)
        {
            Assert.True(restoredByIncarnation[i] >= storedByIncarnation[i - 1],
                $"incarnation {i} restored turnNum {restoredByIncarnation[i]} but incarnation {i - 1} had stored {storedByIncarnation[i - 1]}");
        }

        // No turnNum signed twice: every turnNum carries one state hash across every incarnation and both peers.
        foreach (var line in alice.Lines("stored").Concat(alice.Lines("signed")))
        {
            Record(signedHashes, "alice", line.GetProperty("turn").GetUInt64(), line.GetProperty("hash").GetString());
        }
        foreach (var ((who, turn), hashes) in signedHashes)
        {
            Assert.True(hashes.Count == 1, $"{who} saw turnNum {turn} with {hashes.Count} different states");
        }
        var byTurn = signedHashes.GroupBy(kv => kv.Key.Turn).Where(g => g.SelectMany(kv => kv.Value).Distinct().Count() > 1).ToList();
        Assert.Empty(byTurn);

        // Neither peer ever saw a fork or an equivocation.
        foreach (var line in alice.Lines("rejected"))
        {
            var reason = line.GetProperty("reason").GetString();
            Assert.DoesNotContain(reason, new[] { nameof(RejectionReason.TurnNumRepeated), nameof(RejectionReason.NotBuiltOnHeldState), nameof(RejectionReason.ResultMismatch) });
        }

        // Both databases re-derive cleanly, hold the same history, and each own signature is unique per turnNum.
        await MultiProcessChannelTests.AssertSameCleanHistoriesAsync(1, aliceDb, bobDb);
        await AssertOwnSignaturesAsync(bobDb, 1, updates);
        await AssertOwnSignaturesAsync(aliceDb, 0, updates);
    }

    private static void Record(Dictionary<(string, ulong), HashSet<string>> map, string who, ulong turn, string? hash)
    {
        if (hash is null or "")
        {
            return;
        }
        if (!map.TryGetValue((who, turn), out var set))
        {
            map[(who, turn)] = set = [];
        }
        set.Add(hash);
    }

    /// <summary>The node's own signatures: one per turnNum it moved on, matching the other side's copy.</summary>
    private static async Task AssertOwnSignaturesAsync(string db, int me, int updates)
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = db });
        var id = (await store.ListChannelsAsync()).Single();
        var channel = await store.LoadChannelAsync(id, 0);
        var signatures = await store.ReadSignaturesAsync(id, 0, ulong.MaxValue);
        var mine = signatures.Where(s => s.Participant == me).ToList();
        Assert.Equal(mine.Count, mine.Select(s => s.TurnNum).Distinct().Count());
        Assert.Equal((long)updates, channel!.HighestSignedTurn);
        // Participant `me` moved on every turnNum t with t % 2 == me + 1 (mod 2): each of those carries its signature.
        for (var turn = 1UL; turn <= (ulong)updates; turn++)
        {
            if ((int)((turn - 1) % 2) == me)
            {
                Assert.Contains(mine, s => s.TurnNum == turn);
            }
        }
    }
}

using Microsoft.Data.Sqlite;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Store;

namespace Parley.Runtime.Tests.Store;

public sealed class SqliteChannelStoreTests : IDisposable
{
    private static readonly PrivateKey Key = PrivateKey.Parse("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteChannelStore Open(string name = "store.db", StoreDurability durability = StoreDurability.Full) =>
        SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = _dir.File(name), Durability = durability });

    private static Bytes32 Hash(string text) => Keccak256.Hash(System.Text.Encoding.UTF8.GetBytes(text));

    private static ChannelWriteBatch Registration(Bytes32 id) =>
        new ChannelWriteBatch(id).Register(new ChannelRegistration(id, [1, 2, 3], "TestApp", 1));

    private static StoredSignature Sig(ulong turn, int who, string text) => new(turn, who, Key.Sign(Hash(text)));

    [Fact]
    public async Task A_committed_channel_loads_back_with_its_tail_signatures_and_head()
    {
        var id = Hash("channel-1");
        await using (var store = Open())
        {
            var batch = Registration(id)
                .Append(LogEntry.ForAgreed(0, Bytes32.Zero, Hash("s0"), false, [0xaa], [0xbb]))
                .AddSignature(Sig(0, 0, "s0"))
                .AddOwnSignature(Sig(0, 1, "s0"))
                .SetLatest(new LatestState(ChannelPhase.Running, 0, Hash("s0"), false, [0xaa], [0xbb], 0));
            await store.CommitAsync(batch);
            var next = new ChannelWriteBatch(id)
                .Append(LogEntry.ForAction(1, Hash("s0"), Hash("s1"), false, [0xc1]))
                .AddSignature(Sig(1, 0, "s1"))
                .Append(LogEntry.ForAction(2, Hash("s1"), Hash("s2"), true, [0xc2]))
                .AddOwnSignature(Sig(2, 1, "s2"))
                .AddSnapshot(new ChannelSnapshot(2, Hash("s2"), true, [0x02], [0x03]))
                .SetLatest(new LatestState(ChannelPhase.Running, 2, Hash("s2"), true, [0x02], [0x03], 0));
            await store.CommitAsync(next);
        }

        await using (var reopened = Open())
        {
            Assert.Equal([id], await reopened.ListChannelsAsync());
            var loaded = await reopened.LoadChannelAsync(id, recentHashCount: 2);
            Assert.NotNull(loaded);
            Assert.Equal("TestApp", loaded.Registration.App);
            Assert.Equal(1, loaded.Registration.MyIndex);
            Assert.Equal([1, 2, 3], loaded.Registration.FixedPart);
            Assert.Equal(2, loaded.HighestSignedTurn);
            Assert.Equal(new ulong[] { 0, 1, 2 }, loaded.Tail.Select(e => e.TurnNum));
            Assert.Equal(LogEntryKind.Agreed, loaded.Tail[0].Kind);
            Assert.Equal([0xaa], loaded.Tail[0].AppData);
            Assert.Equal(LogEntryKind.Action, loaded.Tail[2].Kind);
            Assert.Null(loaded.Tail[2].AppData);
            Assert.True(loaded.Tail[2].IsFinal);
            Assert.Equal([0xc2], loaded.Tail[2].Action);
            Assert.Equal(Hash("s1"), loaded.Tail[2].ParentHash);
            Assert.Equal(4, loaded.TailSignatures.Count);
            Assert.Equal(Sig(2, 1, "s2"), loaded.TailSignatures[^1]);
            Assert.Equal([(1UL, Hash("s1")), (2UL, Hash("s2"))], loaded.RecentHashes);
            Assert.Equal(2UL, loaded.Latest!.TurnNum);
            Assert.Equal(ChannelPhase.Running, loaded.Latest.Phase);
            Assert.Equal(2UL, (await reopened.LoadSnapshotAsync(id, 100))!.TurnNum);
            Assert.Null(await reopened.LoadSnapshotAsync(id, 1));
            Assert.Equal([2UL], await reopened.ListSnapshotsAsync(id));
            Assert.Equal(2, (await reopened.ReadLogAsync(id, 1, 2)).Count);
            Assert.Equal(2, (await reopened.ReadSignaturesAsync(id, 0, 0)).Count);
            Assert.Null(await reopened.LoadChannelAsync(Hash("unknown"), 0));
        }
    }

    [Fact]
    public async Task The_signing_guard_refuses_a_second_signature_on_a_turnNum_and_rolls_the_whole_batch_back()
    {
        var id = Hash("guard");
        await using var store = Open();
        await store.CommitAsync(Registration(id)
            .Append(LogEntry.ForAgreed(0, Bytes32.Zero, Hash("s0"), false, [], []))
            .AddOwnSignature(Sig(0, 1, "s0")));
        await store.CommitAsync(new ChannelWriteBatch(id)
            .Append(LogEntry.ForAction(1, Hash("s0"), Hash("s1"), false, [1]))
            .AddOwnSignature(Sig(1, 1, "s1")));

        // The same turnNum again, with a different state: refused, and the entry of the batch is not written.
        var again = new ChannelWriteBatch(id)
            .Append(LogEntry.ForAction(2, Hash("s1"), Hash("other"), false, [2]))
            .AddOwnSignature(Sig(1, 1, "other"));
        var refused = await Assert.ThrowsAsync<SigningGuardException>(() => store.CommitAsync(again));
        Assert.Equal(1UL, refused.TurnNum);
        Assert.Equal(1, refused.HighestSignedTurn);
        Assert.Empty(await store.ReadLogAsync(id, 2, 2));

        // A lower turnNum is refused too.
        await Assert.ThrowsAsync<SigningGuardException>(() => store.CommitAsync(new ChannelWriteBatch(id).AddOwnSignature(Sig(0, 1, "x"))));
        var loaded = await store.LoadChannelAsync(id, 0);
        Assert.Equal(1, loaded!.HighestSignedTurn);
        Assert.Equal(2, loaded.TailSignatures.Count);
    }

    [Fact]
    public async Task The_log_is_append_only_and_writes_need_a_registered_channel()
    {
        var id = Hash("append-only");
        await using var store = Open();
        await store.CommitAsync(Registration(id).Append(LogEntry.ForAgreed(0, Bytes32.Zero, Hash("s0"), false, [], [])));
        var overwrite = await Assert.ThrowsAsync<StoreException>(() =>
            store.CommitAsync(new ChannelWriteBatch(id).Append(LogEntry.ForAgreed(0, Bytes32.Zero, Hash("forged"), false, [], []))));
        Assert.Contains("append-only", overwrite.Message);
        Assert.Equal(Hash("s0"), (await store.ReadLogAsync(id, 0, 0)).Single().StateHash);

        var unregistered = await Assert.ThrowsAsync<StoreException>(() =>
            store.CommitAsync(new ChannelWriteBatch(Hash("nobody")).Append(LogEntry.ForAction(1, Bytes32.Zero, Hash("x"), false, []))));
        Assert.Contains("not registered", unregistered.Message);
        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(Registration(id)));
        Assert.Single(await store.ListChannelsAsync());
    }

    [Fact]
    public async Task Group_commit_isolates_a_failing_batch_from_the_others_of_its_transaction()
    {
        await using var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = _dir.File("group.db") });
        var ids = Enumerable.Range(0, 64).Select(i => Hash($"group-{i}")).ToArray();
        await Task.WhenAll(ids.Select(id => store.CommitAsync(Registration(id).AddOwnSignature(Sig(0, 1, "s0")))));

        // Each channel commits turns 1..20 concurrently with the others; channel 0 also tries a forbidden re-signature.
        var tasks = new List<Task>();
        foreach (var id in ids)
        {
            tasks.Add(Task.Run(async () =>
            {
                for (ulong t = 1; t <= 20; t++)
                {
                    await store.CommitAsync(new ChannelWriteBatch(id)
                        .Append(LogEntry.ForAction(t, Hash($"{id}-{t - 1}"), Hash($"{id}-{t}"), false, [(byte)t]))
                        .AddOwnSignature(Sig(t, 1, $"{id}-{t}")));
                }
            }));
        }
        var bad = store.CommitAsync(new ChannelWriteBatch(ids[0]).AddOwnSignature(Sig(0, 1, "again")));
        await Task.WhenAll(tasks);
        await Assert.ThrowsAsync<SigningGuardException>(() => bad);
        foreach (var id in ids)
        {
            var channel = await store.LoadChannelAsync(id, 0);
            Assert.Equal(20, channel!.HighestSignedTurn);
            Assert.Equal(20, channel.Tail.Count);
        }
    }

    [Fact]
    public async Task A_second_store_on_the_same_database_cannot_open()
    {
        await using var first = Open("locked.db");
        var second = Assert.Throws<StoreException>(() => Open("locked.db"));
        Assert.Contains("another store or process", second.Message);
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused()
    {
        var path = _dir.File("foreign.db");
        SQLitePCL.Batteries_V2.Init();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER)";
            command.ExecuteNonQuery();
        }
        var refused = Assert.Throws<StoreException>(() => SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = path }));
        Assert.Contains("not a Parley store", refused.Message);
    }

    [Fact]
    public async Task Normal_durability_stores_the_same_data()
    {
        var id = Hash("normal");
        await using (var store = Open("normal.db", StoreDurability.Normal))
        {
            Assert.Equal(StoreDurability.Normal, store.Durability);
            await store.CommitAsync(Registration(id).AddOwnSignature(Sig(0, 1, "s0")));
        }
        await using var reopened = Open("normal.db");
        Assert.Equal(0, (await reopened.LoadChannelAsync(id, 0))!.HighestSignedTurn);
    }

    [Fact]
    public async Task Batches_reject_out_of_order_records_before_they_reach_the_store()
    {
        var batch = new ChannelWriteBatch(Hash("order")).Append(LogEntry.ForAction(2, Bytes32.Zero, Bytes32.Zero, false, []));
        Assert.Throws<ArgumentException>(() => batch.Append(LogEntry.ForAction(2, Bytes32.Zero, Bytes32.Zero, false, [])));
        batch.AddOwnSignature(Sig(3, 0, "a"));
        Assert.Throws<ArgumentException>(() => batch.AddOwnSignature(Sig(3, 0, "b")));
        Assert.Throws<ArgumentException>(() => batch.Register(new ChannelRegistration(Hash("other"), [], "x", 0)));
        await using var store = Open();
        await store.CommitAsync(new ChannelWriteBatch(Hash("empty")));
        await store.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => { _ = store.CommitAsync(Registration(Hash("late"))); });
    }

    [Fact]
    public async Task The_funding_deadline_is_stored_with_the_registration_and_loads_back()
    {
        var id = Hash("deadline");
        await using (var store = Open("deadline.db"))
        {
            await store.CommitAsync(new ChannelWriteBatch(id).Register(new ChannelRegistration(id, [1], "TestApp", 0, (1UL << 48) - 1)));
        }
        await using var reopened = Open("deadline.db");
        Assert.Equal((1UL << 48) - 1, (await reopened.LoadChannelAsync(id, 0))!.Registration.FundingDeadline);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelWriteBatch(Hash("x")).Register(new ChannelRegistration(Hash("x"), [1], "TestApp", 0, 1UL << 48)));
    }

    /// <summary>The channels table of schema version 1, as the first released store created it.</summary>
    private const string SchemaVersion1Channels = """
        CREATE TABLE channels (
            channel_id      BLOB PRIMARY KEY NOT NULL,
            fixed_part      BLOB NOT NULL,
            app             TEXT NOT NULL,
            my_index        INTEGER NOT NULL,
            highest_signed  INTEGER NOT NULL DEFAULT -1,
            phase           INTEGER,
            latest_turn     INTEGER,
            latest_hash     BLOB,
            latest_is_final INTEGER,
            latest_app_data BLOB,
            latest_outcome  BLOB,
            latest_full     INTEGER
        ) WITHOUT ROWID;
        """;

    private static void ExecuteRaw(string path, string sql)
    {
        SQLitePCL.Batteries_V2.Init();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long ScalarRaw(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public async Task A_version_1_store_is_migrated_in_place_and_its_channels_keep_deadline_0()
    {
        var path = _dir.File("v1.db");
        var old = Hash("old-channel");
        ExecuteRaw(path, SchemaVersion1Channels + $"""
            INSERT INTO channels (channel_id, fixed_part, app, my_index, highest_signed) VALUES (x'{Convert.ToHexString(old.ToArray())}', x'0102', 'TestApp', 1, 3);
            PRAGMA application_id = 0x50524C59;
            PRAGMA user_version = 1;
            """);
        await using (var store = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = path }))
        {
            var loaded = (await store.LoadChannelAsync(old, 0))!;
            Assert.Equal(0UL, loaded.Registration.FundingDeadline);
            Assert.Equal(3, loaded.HighestSignedTurn);
            Assert.Equal("TestApp", loaded.Registration.App);
            var fresh = Hash("new-channel");
            await store.CommitAsync(new ChannelWriteBatch(fresh).Register(new ChannelRegistration(fresh, [3], "TestApp", 0, 1_800_000_000)));
            Assert.Equal(1_800_000_000UL, (await store.LoadChannelAsync(fresh, 0))!.Registration.FundingDeadline);
        }
        Assert.Equal(2, ScalarRaw(path, "PRAGMA user_version"));
        await using var reopened = SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = path });
        Assert.Equal(2, (await reopened.ListChannelsAsync()).Count);
    }

    [Fact]
    public void A_store_of_a_newer_schema_version_is_refused_with_its_version()
    {
        var path = _dir.File("v3.db");
        ExecuteRaw(path, SchemaVersion1Channels + "PRAGMA application_id = 0x50524C59; PRAGMA user_version = 3;");
        var refused = Assert.Throws<StoreException>(() => SqliteChannelStore.Open(new SqliteChannelStoreOptions { Path = path }));
        Assert.Contains("schema version 3", refused.Message, StringComparison.Ordinal);
        Assert.Contains("up to 2", refused.Message, StringComparison.Ordinal);
    }
}

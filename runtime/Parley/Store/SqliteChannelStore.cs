using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Parley.Crypto;
using Parley.Protocol;

namespace Parley.Store;

/// <summary>
/// The default <see cref="IChannelStore"/>: one SQLite database in write-ahead-log mode, written by one dedicated
/// writer thread that groups the batches of many channels into one transaction (group commit).
/// </summary>
/// <remarks>
/// <para><b>Guarantee.</b> When <see cref="CommitAsync"/> completes, the batch is in a committed SQLite transaction
/// and, with <see cref="StoreDurability.Full"/> (<c>synchronous=FULL</c>), that transaction's write-ahead-log frames
/// have been fsynced: the batch survives a process crash, SIGKILL, an operating-system crash and power loss. With
/// <see cref="StoreDurability.Normal"/> it survives a process crash or SIGKILL only. A batch is all-or-nothing (one
/// savepoint per batch inside the group transaction): a batch that fails its checks is rolled back alone and its
/// commit throws, while the other batches of the group commit.</para>
/// <para><b>Group commit.</b> The writer takes every batch queued while the previous transaction was being
/// committed (up to <see cref="SqliteChannelStoreOptions.MaxBatchesPerTransaction"/>) into the next transaction, so
/// one fsync covers all of them; under load the cost per batch falls as the number of busy channels grows.</para>
/// <para><b>One writer.</b> The store holds an exclusive lock on <c>&lt;path&gt;.lock</c>; a second store on the
/// same database (in this or another process) fails to open with <see cref="StoreException"/>. Reads use separate
/// connections and see the last committed state.</para>
/// </remarks>
public sealed class SqliteChannelStore : IChannelStore
{
    private static readonly Lock InitLock = new();
    private static bool _sqliteInitialised;

    private readonly SqliteChannelStoreOptions _options;
    private readonly string _readConnectionString;
    private readonly FileStream _lockFile;
    private readonly SqliteConnection _writer;
    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly Thread _writerThread;
    private readonly WriterCommands _commands;
    private int _disposed;

    private SqliteChannelStore(SqliteChannelStoreOptions options, FileStream lockFile, SqliteConnection writer, string readConnectionString)
    {
        _options = options;
        _lockFile = lockFile;
        _writer = writer;
        _readConnectionString = readConnectionString;
        _commands = new WriterCommands(writer);
        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "Parley store writer" };
        _writerThread.Start();
    }

    /// <inheritdoc />
    public StoreDurability Durability => _options.Durability;

    /// <summary>The database file.</summary>
    public string Path => _options.Path;

    /// <summary>
    /// Opens (creating if needed) the store at <see cref="SqliteChannelStoreOptions.Path"/>. A store of an older schema
    /// version is migrated in place, in one transaction (version 1 → 2 adds the channels' funding deadline, 0 for the
    /// channels already stored).
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="StoreException">
    /// The database is locked by another store, is not a Parley store, has a newer schema version, or cannot be opened.
    /// </exception>
    public static SqliteChannelStore Open(SqliteChannelStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        if (options.MaxBatchesPerTransaction is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"MaxBatchesPerTransaction must be 1 … 1,000,000, got {options.MaxBatchesPerTransaction}.", nameof(options));
        }
        if (!Enum.IsDefined(options.Durability))
        {
            throw new ArgumentException($"Unknown durability {options.Durability}.", nameof(options));
        }
        EnsureSqliteInitialised();
        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FileStream lockFile;
        try
        {
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StoreException($"The store {path} is open in another store or process (its .lock file is held).", e);
        }

        SqliteConnection? writer = null;
        try
        {
            var writeConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = false,
            }.ToString();
            writer = new SqliteConnection(writeConnectionString);
            writer.Open();
            PrepareDatabase(writer, path, options.Durability);
            var readConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadOnly,
                Cache = SqliteCacheMode.Private,
                Pooling = true,
            }.ToString();
            return new SqliteChannelStore(new SqliteChannelStoreOptions
            {
                Path = path,
                Durability = options.Durability,
                MaxBatchesPerTransaction = options.MaxBatchesPerTransaction,
            }, lockFile, writer, readConnectionString);
        }
        catch (Exception e)
        {
            writer?.Dispose();
            lockFile.Dispose();
            if (e is StoreException)
            {
                throw;
            }
            throw new StoreException($"Cannot open the store {path}: {e.Message}", e);
        }
    }

    private static void EnsureSqliteInitialised()
    {
        lock (InitLock)
        {
            if (!_sqliteInitialised)
            {
                SQLitePCL.Batteries_V2.Init();
                _sqliteInitialised = true;
            }
        }
    }

    private static void PrepareDatabase(SqliteConnection connection, string path, StoreDurability durability)
    {
        var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"));
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"));
        var tableCount = Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_schema"));
        if (applicationId == 0 && tableCount > 0)
        {
            throw new StoreException($"{path} is a SQLite database but not a Parley store (application_id 0, {tableCount} schema objects).");
        }
        if (applicationId != 0 && applicationId != SqliteSchema.ApplicationId)
        {
            throw new StoreException($"{path} is not a Parley store (application_id 0x{applicationId:x8}).");
        }
        if (version > SqliteSchema.Version)
        {
            throw new StoreException($"{path} has store schema version {version}; this Parley understands up to {SqliteSchema.Version}.");
        }
        var journal = Convert.ToString(Scalar(connection, "PRAGMA journal_mode=WAL"));
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreException($"{path}: SQLite refused write-ahead-log mode (journal_mode is {journal}).");
        }
        Execute(connection, durability == StoreDurability.Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
        using (var transaction = connection.BeginTransaction())
        {
            if (version == 1)
            {
                Execute(connection, SqliteSchema.MigrateFrom1, transaction);
            }
            Execute(connection, SqliteSchema.Create, transaction);
            Execute(connection, $"PRAGMA application_id={SqliteSchema.ApplicationId}", transaction);
            Execute(connection, $"PRAGMA user_version={SqliteSchema.Version}", transaction);
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public Task CommitAsync(ChannelWriteBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.IsEmpty)
        {
            return Task.CompletedTask;
        }
        var pending = new PendingCommit(batch);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteChannelStore));
        }
        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    private void WriterLoop()
    {
        var group = new List<PendingCommit>();
        var reader = _queue.Reader;
        while (true)
        {
            group.Clear();
            while (group.Count < _options.MaxBatchesPerTransaction && reader.TryRead(out var next))
            {
                group.Add(next);
            }
            if (group.Count == 0)
            {
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
                continue;
            }
            CommitGroup(group);
        }
    }

    private void CommitGroup(List<PendingCommit> group)
    {
        var applied = new List<PendingCommit>(group.Count);
        SqliteTransaction transaction;
        try
        {
            transaction = _writer.BeginTransaction(deferred: false);
        }
        catch (Exception e)
        {
            var failure = new StoreException($"The store {Path} cannot begin a transaction: {e.Message}", e);
            foreach (var pending in group)
            {
                pending.Completion.TrySetException(failure);
            }
            return;
        }
        using (transaction)
        {
            foreach (var pending in group)
            {
                try
                {
                    _commands.Savepoint(transaction);
                    Apply(pending.Batch, transaction);
                    _commands.Release(transaction);
                    applied.Add(pending);
                }
                catch (Exception e)
                {
                    try
                    {
                        _commands.RollbackToSavepoint(transaction);
                    }
                    catch (Exception rollbackFailure)
                    {
                        FailAll(group, new StoreException($"The store {Path} could not roll back a failed batch: {rollbackFailure.Message}", rollbackFailure));
                        return;
                    }
                    pending.Completion.TrySetException(Translate(e, pending.Batch));
                }
            }
            try
            {
                transaction.Commit();
            }
            catch (Exception e)
            {
                FailAll(applied, new StoreException($"The store {Path} failed to commit: {e.Message}", e));
                return;
            }
        }
        foreach (var pending in applied)
        {
            pending.Completion.TrySetResult();
        }
    }

    private static void FailAll(List<PendingCommit> group, Exception failure)
    {
        foreach (var pending in group)
        {
            pending.Completion.TrySetException(failure);
        }
    }

    private static Exception Translate(Exception e, ChannelWriteBatch batch) => e switch
    {
        SigningGuardException or StoreException => e,
        SqliteException { SqliteErrorCode: 19 } constraint => new StoreException(
            $"Batch for channel {batch.ChannelId} rejected: it would overwrite a stored record (the log is append-only, a channel is registered once): {constraint.Message}", constraint),
        _ => new StoreException($"Batch for channel {batch.ChannelId} failed: {e.Message}", e),
    };

    private void Apply(ChannelWriteBatch batch, SqliteTransaction transaction)
    {
        var id = batch.ChannelId.ToArray();
        if (batch.Registration is { } registration)
        {
            _commands.InsertChannel(transaction, id, registration);
        }
        else if (!_commands.ChannelExists(transaction, id))
        {
            throw new StoreException($"Batch for channel {batch.ChannelId}, which is not registered.");
        }
        foreach (var entry in batch.Entries)
        {
            _commands.InsertEntry(transaction, id, entry);
        }
        foreach (var signature in batch.Signatures)
        {
            _commands.InsertSignature(transaction, id, signature, ignoreExisting: true);
        }
        foreach (var signature in batch.OwnSignatures)
        {
            if (!_commands.AdvanceSigningGuard(transaction, id, signature.TurnNum))
            {
                throw new SigningGuardException(batch.ChannelId, signature.TurnNum, _commands.HighestSigned(transaction, id));
            }
            _commands.InsertSignature(transaction, id, signature, ignoreExisting: false);
        }
        foreach (var snapshot in batch.Snapshots)
        {
            _commands.InsertSnapshot(transaction, id, snapshot);
        }
        if (batch.Latest is { } latest)
        {
            _commands.UpdateLatest(transaction, id, latest);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Bytes32>> ListChannelsAsync(CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT channel_id FROM channels ORDER BY channel_id";
            using var reader = command.ExecuteReader();
            var ids = new List<Bytes32>();
            while (reader.Read())
            {
                ids.Add(ReadBytes32(reader, 0));
            }
            return (IReadOnlyList<Bytes32>)ids;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StoredChannel?> LoadChannelAsync(Bytes32 channelId, int recentHashCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentHashCount);
        return Read(connection =>
        {
            var id = channelId.ToArray();
            ChannelRegistration registration;
            LatestState? latest = null;
            long highestSigned;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT fixed_part, app, my_index, highest_signed, phase, latest_turn, latest_hash, latest_is_final,
                           latest_app_data, latest_outcome, latest_full, funding_deadline
                    FROM channels WHERE channel_id = $id
                    """;
                command.Parameters.AddWithValue("$id", id);
                using var reader = command.ExecuteReader();
                if (!reader.Read())
                {
                    return null;
                }
                registration = new ChannelRegistration(channelId, (byte[])reader.GetValue(0), reader.GetString(1), reader.GetInt32(2), (ulong)reader.GetInt64(11));
                highestSigned = reader.GetInt64(3);
                if (!reader.IsDBNull(4))
                {
                    latest = new LatestState(
                        (ChannelPhase)reader.GetInt32(4),
                        (ulong)reader.GetInt64(5),
                        ReadBytes32(reader, 6),
                        reader.GetInt64(7) != 0,
                        (byte[])reader.GetValue(8),
                        (byte[])reader.GetValue(9),
                        (ulong)reader.GetInt64(10));
                }
            }
            var tailFrom = latest?.LatestFullySignedTurn ?? 0;
            var tail = ReadLog(connection, id, tailFrom, long.MaxValue);
            var signatures = ReadSignatures(connection, id, tailFrom, long.MaxValue);
            var recent = new List<(ulong, Bytes32)>();
            if (recentHashCount > 0)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT turn_num, state_hash FROM log WHERE channel_id = $id ORDER BY turn_num DESC LIMIT $n";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$n", recentHashCount);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    recent.Add(((ulong)reader.GetInt64(0), ReadBytes32(reader, 1)));
                }
                recent.Reverse();
            }
            return new StoredChannel(registration, latest, highestSigned, tail, signatures, recent);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LogEntry>> ReadLogAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default) =>
        Read(connection => (IReadOnlyList<LogEntry>)ReadLog(connection, channelId.ToArray(), fromTurn, ClampTurn(toTurn)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredSignature>> ReadSignaturesAsync(Bytes32 channelId, ulong fromTurn, ulong toTurn, CancellationToken cancellationToken = default) =>
        Read(connection => (IReadOnlyList<StoredSignature>)ReadSignatures(connection, channelId.ToArray(), fromTurn, ClampTurn(toTurn)), cancellationToken);

    /// <inheritdoc />
    public Task<ChannelSnapshot?> LoadSnapshotAsync(Bytes32 channelId, ulong atOrBeforeTurn, CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT turn_num, state_hash, is_final, app_data, outcome FROM snapshots
                WHERE channel_id = $id AND turn_num <= $t ORDER BY turn_num DESC LIMIT 1
                """;
            command.Parameters.AddWithValue("$id", channelId.ToArray());
            command.Parameters.AddWithValue("$t", ClampTurn(atOrBeforeTurn));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }
            return new ChannelSnapshot((ulong)reader.GetInt64(0), ReadBytes32(reader, 1), reader.GetInt64(2) != 0,
                (byte[])reader.GetValue(3), (byte[])reader.GetValue(4));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ulong>> ListSnapshotsAsync(Bytes32 channelId, CancellationToken cancellationToken = default) =>
        Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT turn_num FROM snapshots WHERE channel_id = $id ORDER BY turn_num";
            command.Parameters.AddWithValue("$id", channelId.ToArray());
            using var reader = command.ExecuteReader();
            var turns = new List<ulong>();
            while (reader.Read())
            {
                turns.Add((ulong)reader.GetInt64(0));
            }
            return (IReadOnlyList<ulong>)turns;
        }, cancellationToken);

    private static long ClampTurn(ulong turn) => turn > long.MaxValue ? long.MaxValue : (long)turn;

    private static List<LogEntry> ReadLog(SqliteConnection connection, byte[] id, ulong fromTurn, long toTurn)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT turn_num, kind, parent_hash, state_hash, is_final, action, app_data, outcome FROM log
            WHERE channel_id = $id AND turn_num >= $from AND turn_num <= $to ORDER BY turn_num
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$from", ClampTurn(fromTurn));
        command.Parameters.AddWithValue("$to", toTurn);
        using var reader = command.ExecuteReader();
        var entries = new List<LogEntry>();
        while (reader.Read())
        {
            entries.Add(new LogEntry(
                (ulong)reader.GetInt64(0),
                (LogEntryKind)reader.GetInt32(1),
                ReadBytes32(reader, 2),
                ReadBytes32(reader, 3),
                reader.GetInt64(4) != 0,
                (byte[])reader.GetValue(5),
                reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
                reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7)));
        }
        return entries;
    }

    private static List<StoredSignature> ReadSignatures(SqliteConnection connection, byte[] id, ulong fromTurn, long toTurn)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT turn_num, participant, signature FROM signatures
            WHERE channel_id = $id AND turn_num >= $from AND turn_num <= $to ORDER BY turn_num, participant
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$from", ClampTurn(fromTurn));
        command.Parameters.AddWithValue("$to", toTurn);
        using var reader = command.ExecuteReader();
        var signatures = new List<StoredSignature>();
        while (reader.Read())
        {
            var bytes = (byte[])reader.GetValue(2);
            if (!Signature.TryFromBytes(bytes, out var signature, out var error))
            {
                throw new StoreException($"Corrupt signature stored for turnNum {reader.GetInt64(0)}, participant {reader.GetInt32(1)}: {error}.");
            }
            signatures.Add(new StoredSignature((ulong)reader.GetInt64(0), reader.GetInt32(1), signature));
        }
        return signatures;
    }

    private static Bytes32 ReadBytes32(SqliteDataReader reader, int ordinal)
    {
        var bytes = (byte[])reader.GetValue(ordinal);
        if (bytes.Length != Bytes32.Length)
        {
            throw new StoreException($"Corrupt store: column {reader.GetName(ordinal)} holds {bytes.Length} bytes, expected 32.");
        }
        return new Bytes32(bytes);
    }

    private Task<T> Read<T>(Func<SqliteConnection, T> query, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            return Task.FromResult(query(connection));
        }
        catch (Exception e) when (e is SqliteException or InvalidCastException)
        {
            throw new StoreException($"Reading the store {Path} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Stops accepting commits, waits until every queued batch is committed, and closes the database and its lock.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }
        _queue.Writer.TryComplete();
        _writerThread.Join();
        _commands.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_readConnectionString));
        _lockFile.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class PendingCommit(ChannelWriteBatch batch)
    {
        public ChannelWriteBatch Batch { get; } = batch;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

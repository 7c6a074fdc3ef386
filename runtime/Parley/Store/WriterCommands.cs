using Microsoft.Data.Sqlite;

namespace Parley.Store;

/// <summary>
/// The writer connection's statements, created once and re-executed with new parameter values (SQLite keeps each one
/// prepared). Used only by the store's writer thread.
/// </summary>
internal sealed class WriterCommands : IDisposable
{
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackTo;
    private readonly SqliteCommand _insertChannel;
    private readonly SqliteCommand _channelExists;
    private readonly SqliteCommand _insertEntry;
    private readonly SqliteCommand _insertSignature;
    private readonly SqliteCommand _insertSignatureIgnore;
    private readonly SqliteCommand _advanceGuard;
    private readonly SqliteCommand _highestSigned;
    private readonly SqliteCommand _insertSnapshot;
    private readonly SqliteCommand _updateLatest;

    public WriterCommands(SqliteConnection connection)
    {
        _savepoint = Create(connection, "SAVEPOINT batch");
        _release = Create(connection, "RELEASE batch");
        _rollbackTo = Create(connection, "ROLLBACK TO batch; RELEASE batch");
        _insertChannel = Create(connection,
            "INSERT INTO channels (channel_id, fixed_part, app, my_index, funding_deadline) VALUES ($id, $fixed, $app, $me, $deadline)",
            "$id", "$fixed", "$app", "$me", "$deadline");
        _channelExists = Create(connection, "SELECT 1 FROM channels WHERE channel_id = $id", "$id");
        _insertEntry = Create(connection, """
            INSERT INTO log (channel_id, turn_num, kind, parent_hash, state_hash, is_final, action, app_data, outcome)
            VALUES ($id, $turn, $kind, $parent, $hash, $final, $action, $app, $outcome)
            """, "$id", "$turn", "$kind", "$parent", "$hash", "$final", "$action", "$app", "$outcome");
        const string insertSignature = "INTO signatures (channel_id, turn_num, participant, signature) VALUES ($id, $turn, $who, $sig)";
        _insertSignature = Create(connection, "INSERT " + insertSignature, "$id", "$turn", "$who", "$sig");
        _insertSignatureIgnore = Create(connection, "INSERT OR IGNORE " + insertSignature, "$id", "$turn", "$who", "$sig");
        _advanceGuard = Create(connection,
            "UPDATE channels SET highest_signed = $turn WHERE channel_id = $id AND highest_signed < $turn", "$id", "$turn");
        _highestSigned = Create(connection, "SELECT highest_signed FROM channels WHERE channel_id = $id", "$id");
        _insertSnapshot = Create(connection, """
            INSERT OR REPLACE INTO snapshots (channel_id, turn_num, state_hash, is_final, app_data, outcome)
            VALUES ($id, $turn, $hash, $final, $app, $outcome)
            """, "$id", "$turn", "$hash", "$final", "$app", "$outcome");
        _updateLatest = Create(connection, """
            UPDATE channels SET phase = $phase, latest_turn = $turn, latest_hash = $hash, latest_is_final = $final,
                latest_app_data = $app, latest_outcome = $outcome, latest_full = $full
            WHERE channel_id = $id
            """, "$id", "$phase", "$turn", "$hash", "$final", "$app", "$outcome", "$full");
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return command;
    }

    private static int Run(SqliteCommand command, SqliteTransaction transaction, params object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        return command.ExecuteNonQuery();
    }

    public void Savepoint(SqliteTransaction transaction) => Run(_savepoint, transaction);

    public void Release(SqliteTransaction transaction) => Run(_release, transaction);

    public void RollbackToSavepoint(SqliteTransaction transaction) => Run(_rollbackTo, transaction);

    public void InsertChannel(SqliteTransaction transaction, byte[] id, ChannelRegistration registration)
    {
        try
        {
            Run(_insertChannel, transaction, id, registration.FixedPart, registration.App, registration.MyIndex, (long)registration.FundingDeadline);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new StoreException($"Channel {registration.ChannelId} is already registered.", e);
        }
    }

    public bool ChannelExists(SqliteTransaction transaction, byte[] id)
    {
        _channelExists.Transaction = transaction;
        _channelExists.Parameters[0].Value = id;
        return _channelExists.ExecuteScalar() is not null;
    }

    public void InsertEntry(SqliteTransaction transaction, byte[] id, LogEntry entry)
    {
        try
        {
            Run(_insertEntry, transaction, id, (long)entry.TurnNum, (long)entry.Kind, entry.ParentHash.ToArray(),
                entry.StateHash.ToArray(), entry.IsFinal ? 1L : 0L, entry.Action, entry.AppData, entry.Outcome);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new StoreException(
                $"TurnNum {entry.TurnNum} is already logged in channel {new Bytes32(id)}; the log is append-only.", e);
        }
    }

    public void InsertSignature(SqliteTransaction transaction, byte[] id, StoredSignature signature, bool ignoreExisting)
    {
        try
        {
            Run(ignoreExisting ? _insertSignatureIgnore : _insertSignature, transaction, id, (long)signature.TurnNum,
                (long)signature.Participant, signature.Signature.ToBytes());
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new StoreException(
                $"A signature of participant {signature.Participant} on turnNum {signature.TurnNum} is already stored in channel {new Bytes32(id)}.", e);
        }
    }

    public bool AdvanceSigningGuard(SqliteTransaction transaction, byte[] id, ulong turnNum) =>
        Run(_advanceGuard, transaction, id, (long)turnNum) == 1;

    public long HighestSigned(SqliteTransaction transaction, byte[] id)
    {
        _highestSigned.Transaction = transaction;
        _highestSigned.Parameters[0].Value = id;
        return _highestSigned.ExecuteScalar() is long value ? value : -1;
    }

    public void InsertSnapshot(SqliteTransaction transaction, byte[] id, ChannelSnapshot snapshot) =>
        Run(_insertSnapshot, transaction, id, (long)snapshot.TurnNum, snapshot.StateHash.ToArray(), snapshot.IsFinal ? 1L : 0L,
            snapshot.AppData, snapshot.Outcome);

    public void UpdateLatest(SqliteTransaction transaction, byte[] id, LatestState latest) =>
        Run(_updateLatest, transaction, id, (long)latest.Phase, (long)latest.TurnNum, latest.StateHash.ToArray(),
            latest.IsFinal ? 1L : 0L, latest.AppData, latest.Outcome, (long)latest.LatestFullySignedTurn);

    public void Dispose()
    {
        foreach (var command in new[]
                 {
                     _savepoint, _release, _rollbackTo, _insertChannel, _channelExists, _insertEntry, _insertSignature,
                     _insertSignatureIgnore, _advanceGuard, _highestSigned, _insertSnapshot, _updateLatest,
                 })
        {
            command.Dispose();
        }
    }
}

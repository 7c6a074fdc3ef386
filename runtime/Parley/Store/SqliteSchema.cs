namespace Parley.Store;

/// <summary>The SQLite schema of <see cref="SqliteChannelStore"/> (format version <see cref="Version"/>).</summary>
/// <remarks>
/// Integers are SQLite INTEGER (64-bit signed; turnNums are below 2^48). Hashes, ids and signatures are BLOBs of 32
/// and 65 bytes. <c>channels.highest_signed</c> is the never-sign-twice mark, −1 before the first signature.
/// <c>channels.funding_deadline</c> is the proposal's funding deadline (unix seconds, below 2^48), 0 when unknown.
/// <para>Versions: 1 — the first schema; 2 — adds <c>channels.funding_deadline</c>. A version-1 database is migrated in
/// place when opened (<see cref="MigrateFrom1"/>, in the same transaction that sets the new version); its channels keep
/// funding deadline 0.</para>
/// </remarks>
internal static class SqliteSchema
{
    /// <summary><c>PRAGMA application_id</c> of a Parley store: ASCII "PRLY".</summary>
    public const int ApplicationId = 0x50524C59;

    /// <summary><c>PRAGMA user_version</c>: the schema version.</summary>
    public const int Version = 2;

    /// <summary>Migrates a version-1 database to version 2: adds <c>channels.funding_deadline</c> (0 for every existing channel).</summary>
    public const string MigrateFrom1 = "ALTER TABLE channels ADD COLUMN funding_deadline INTEGER NOT NULL DEFAULT 0";

    public const string Create = """
        CREATE TABLE IF NOT EXISTS channels (
            channel_id      BLOB PRIMARY KEY NOT NULL,
            fixed_part      BLOB NOT NULL,
            app             TEXT NOT NULL,
            my_index        INTEGER NOT NULL,
            funding_deadline INTEGER NOT NULL DEFAULT 0,
            highest_signed  INTEGER NOT NULL DEFAULT -1,
            phase           INTEGER,
            latest_turn     INTEGER,
            latest_hash     BLOB,
            latest_is_final INTEGER,
            latest_app_data BLOB,
            latest_outcome  BLOB,
            latest_full     INTEGER
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS log (
            channel_id  BLOB NOT NULL,
            turn_num    INTEGER NOT NULL,
            kind        INTEGER NOT NULL,
            parent_hash BLOB NOT NULL,
            state_hash  BLOB NOT NULL,
            is_final    INTEGER NOT NULL,
            action      BLOB NOT NULL,
            app_data    BLOB,
            outcome     BLOB,
            PRIMARY KEY (channel_id, turn_num)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS signatures (
            channel_id  BLOB NOT NULL,
            turn_num    INTEGER NOT NULL,
            participant INTEGER NOT NULL,
            signature   BLOB NOT NULL,
            PRIMARY KEY (channel_id, turn_num, participant)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS snapshots (
            channel_id BLOB NOT NULL,
            turn_num   INTEGER NOT NULL,
            state_hash BLOB NOT NULL,
            is_final   INTEGER NOT NULL,
            app_data   BLOB NOT NULL,
            outcome    BLOB NOT NULL,
            PRIMARY KEY (channel_id, turn_num)
        ) WITHOUT ROWID;
        """;
}

namespace Parley.Store;

/// <summary>Settings of <see cref="SqliteChannelStore"/>.</summary>
public sealed class SqliteChannelStoreOptions
{
    /// <summary>
    /// The database file. Created (with its directory) if missing. SQLite keeps <c>&lt;path&gt;-wal</c> and
    /// <c>&lt;path&gt;-shm</c> next to it, and the store holds an exclusive lock on <c>&lt;path&gt;.lock</c> while
    /// open so that no second process can sign from the same database.
    /// </summary>
    public string Path { get; set; } = "parley.db";

    /// <summary>How durable a completed commit is. Default <see cref="StoreDurability.Full"/> (fsync per commit).</summary>
    public StoreDurability Durability { get; set; } = StoreDurability.Full;

    /// <summary>
    /// The most batches grouped into one transaction (group commit), 1 … 1,000,000. Default 4,096. A larger group
    /// amortises one fsync over more batches; the commit latency of the first batch of a group grows with it.
    /// </summary>
    public int MaxBatchesPerTransaction { get; set; } = 4096;
}

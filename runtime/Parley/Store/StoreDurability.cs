namespace Parley.Store;

/// <summary>
/// How hard a commit of <see cref="SqliteChannelStore"/> pushes data to disk before it completes. Both modes use
/// SQLite's write-ahead log (<c>journal_mode=WAL</c>) and group commit.
/// </summary>
public enum StoreDurability
{
    /// <summary>
    /// <c>synchronous=FULL</c>: every commit fsyncs the write-ahead log before it completes. A committed batch
    /// survives a process crash, an operating-system crash and a power loss (as far as the disk honours fsync).
    /// The default, and the mode DESIGN.md's safety rules require.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>synchronous=NORMAL</c>: a commit is written to the write-ahead log in the operating system's cache and fsynced
    /// only at checkpoints. A committed batch survives a crash or SIGKILL of the process, but the last commits may be
    /// lost on an operating-system crash or power loss. For benchmarks and disposable nodes only.
    /// </summary>
    Normal = 1,
}

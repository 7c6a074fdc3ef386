namespace Parley.Chain;

/// <summary>
/// Persists <see cref="LogCursor"/>s by name, so a <see cref="LogPoller"/> (and the watcher on top of it) resumes where
/// it stopped after a restart. <see cref="FileLogCursorStore"/> is the durable implementation,
/// <see cref="InMemoryLogCursorStore"/> the volatile one.
/// </summary>
/// <remarks>Implementations must make <see cref="SaveAsync"/> atomic (a crash leaves the old or the new cursor, never a
/// mix) and durable before the task completes, and be thread-safe.</remarks>
public interface ILogCursorStore
{
    /// <summary>The cursor saved under <paramref name="name"/>, or null if none was.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid cursor name.</exception>
    /// <exception cref="InvalidDataException">The stored cursor is corrupt.</exception>
    Task<LogCursor?> LoadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Saves <paramref name="cursor"/> under <paramref name="name"/>, replacing any earlier one.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid cursor name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="cursor"/> is null.</exception>
    Task SaveAsync(string name, LogCursor cursor, CancellationToken cancellationToken = default);
}

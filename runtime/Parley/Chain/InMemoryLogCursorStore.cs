using System.Collections.Concurrent;

namespace Parley.Chain;

/// <summary>An <see cref="ILogCursorStore"/> in memory: cursors live as long as the instance (a poller that needs no
/// restart, or tests). Thread-safe.</summary>
public sealed class InMemoryLogCursorStore : ILogCursorStore
{
    private readonly ConcurrentDictionary<string, LogCursor> _cursors = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<LogCursor?> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        FileLogCursorStore.ValidateName(name);
        return Task.FromResult(_cursors.TryGetValue(name, out var cursor) ? cursor : null);
    }

    /// <inheritdoc/>
    public Task SaveAsync(string name, LogCursor cursor, CancellationToken cancellationToken = default)
    {
        FileLogCursorStore.ValidateName(name);
        ArgumentNullException.ThrowIfNull(cursor);
        _cursors[name] = cursor;
        return Task.CompletedTask;
    }
}

using System.Text;

namespace Parley.Chain;

/// <summary>
/// An <see cref="ILogCursorStore"/> keeping each cursor in a JSON file <c>&lt;directory&gt;/&lt;name&gt;.cursor.json</c>
/// (<see cref="LogCursor.ToJson"/>). A save writes a temporary file, flushes it to disk (<c>fsync</c>), renames it over the
/// old one (atomic on POSIX file systems) and flushes the directory (<c>fsync</c> of the directory, so the rename is
/// durable too; not on Windows): after a crash the file holds the old cursor or the new one.
/// </summary>
public sealed class FileLogCursorStore : ILogCursorStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a store in <paramref name="directory"/> (created if missing).</summary>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    public FileLogCursorStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The folder holding the cursor files.</summary>
    public string Directory { get; }

    /// <summary>Whether the last save also flushed the directory (making the rename itself durable): true on Linux and
    /// macOS file systems that allow it, false on Windows.</summary>
    public bool LastSaveFlushedDirectory { get; private set; }

    /// <summary>The file of cursor <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid cursor name.</exception>
    public string PathOf(string name)
    {
        ValidateName(name);
        return Path.Combine(Directory, name + ".cursor.json");
    }

    /// <inheritdoc/>
    public async Task<LogCursor?> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        return LogCursor.FromJson(text, path);
    }

    /// <inheritdoc/>
    public async Task SaveAsync(string name, LogCursor cursor, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        ArgumentNullException.ThrowIfNull(cursor);
        var bytes = Encoding.UTF8.GetBytes(cursor.ToJson());
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var temporary = path + ".tmp";
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            LastSaveFlushedDirectory = DirectorySync.TryFlush(Directory);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks a cursor name: 1 to 100 characters of letters, digits, '.', '_' and '-' (it becomes a file name).</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or has another character.</exception>
    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) || name.StartsWith('.'))
        {
            throw new ArgumentException($"A cursor name has 1 to 100 letters, digits, '.', '_' or '-' and does not start with '.': \"{name}\".", nameof(name));
        }
    }
}

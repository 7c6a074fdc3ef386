using System.Runtime.InteropServices;
using System.Text;

namespace Parley.Chain;

/// <summary>
/// Flushes a directory's entries to disk (<c>open(dir, O_RDONLY)</c> + <c>fsync</c> + <c>close</c> from libc), which
/// makes a rename inside it durable on POSIX file systems. .NET cannot open a directory as a file handle, hence the
/// P/Invoke. On Windows it does nothing (NTFS journals renames; directories cannot be flushed there).
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>; returns whether it was flushed (false on Windows, or when the
    /// platform or file system refused).</summary>
    public static bool TryFlush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        try
        {
            var path = Encoding.UTF8.GetBytes(directory + "\0");
            var fd = Open(path, ReadOnly);
            if (fd < 0)
            {
                return false;
            }
            try
            {
                return Fsync(fd) == 0;
            }
            finally
            {
                _ = Close(fd);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}

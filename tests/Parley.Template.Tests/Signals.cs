using System.Runtime.InteropServices;

namespace Parley.Template.Tests;

/// <summary>POSIX <c>kill(2)</c>: .NET's <c>Process.Kill</c> sends only SIGKILL, and the newcomer test needs SIGTERM
/// (to see the program unwind) and signal 0 (to see whether a process still exists).</summary>
public static class Signals
{
    /// <summary>SIGTERM on Linux and macOS.</summary>
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; 0 on success, -1 on failure (e.g. no such process).</summary>
    public static int Kill(int pid, int signal) => NativeKill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}

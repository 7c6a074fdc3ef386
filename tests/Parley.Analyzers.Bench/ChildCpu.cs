using System.Runtime.InteropServices;

namespace Parley.Analyzers.Bench;

/// <summary>
/// CPU time (user + system) used by all terminated, waited-for descendants of this process — getrusage(2) with
/// RUSAGE_CHILDREN. A build run without the shared compiler server and without node reuse does all its work in such
/// descendants, so the difference across one build is that build's CPU cost, which other load on the machine barely
/// changes (unlike wall time).
/// </summary>
public static partial class ChildCpu
{
    private const int RusageChildren = -1;

    /// <summary>Whether the measurement is available (Linux and macOS).</summary>
    public static bool Available => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>The total so far, in milliseconds.</summary>
    public static double TotalMilliseconds()
    {
        if (getrusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException("getrusage(RUSAGE_CHILDREN) failed: " + Marshal.GetLastPInvokeError());
        }
        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out RUsage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NVcsw;
        public long NIvcsw;
    }
}

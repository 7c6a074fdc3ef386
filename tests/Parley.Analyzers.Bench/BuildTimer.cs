using System.Diagnostics;
using System.Globalization;

namespace Parley.Analyzers.Bench;

/// <summary>Times <c>dotnet build</c> of the benchmark project, with or without the analyzers.</summary>
/// <remarks>
/// Two configurations. <b>Warm</b>, as a developer's machine builds by default: the compiler runs in a server process
/// that stays up between builds (here a private one, named by <see cref="ServerId"/>, so that no other build shares
/// it), so the analyzers' code is compiled by the JIT once. <b>Cold</b>, as this repository's CI environment builds
/// (<c>UseSharedCompilation=false</c>, no node reuse): every build starts a new compiler process. CPU time is that of
/// the build's process tree (<see cref="ChildCpu"/>) plus, when warm, what the compiler server used during the build.
/// </remarks>
public sealed class BuildTimer(string projectDirectory) : IDisposable
{
    private int? serverPid;

    /// <summary>The pipe name of the private compiler server.</summary>
    public string ServerId { get; } = "parley-bench-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The private server's process id and CPU time so far, or why it is not measured.</summary>
    public string ServerDescription => serverPid is { } pid
        ? $"pid {pid}, {ServerCpu().ToString("0", CultureInfo.InvariantCulture)} ms CPU so far"
        : "not found (its CPU time is not counted)";

    /// <summary>A build's wall-clock and CPU time, in milliseconds.</summary>
    public readonly record struct Sample(double WallMs, double CpuMs);

    /// <summary>Restores the project once (builds then use <c>--no-restore</c>).</summary>
    public void Restore() => Run("restore", "-nologo", "-v:q");

    /// <summary>One full recompilation with the private compiler server.</summary>
    public Sample Warm(bool withAnalyzers) =>
        Measure(withAnalyzers, "-p:UseSharedCompilation=true", $"-p:SharedCompilationId={ServerId}");

    /// <summary>One full recompilation in processes of its own.</summary>
    public Sample Cold(bool withAnalyzers) =>
        Measure(withAnalyzers, "-p:UseSharedCompilation=false");

    /// <summary>
    /// Proves that the analyzers run in both configurations: with a state machine that reads the clock added to the
    /// project, the build with the analyzers must fail with PARLEY001 and the build without them must succeed.
    /// </summary>
    /// <returns>Null when it holds, else what went wrong.</returns>
    public string? VerifyAnalyzersRun()
    {
        var probe = Path.Combine(projectDirectory, "Machines", "ClockProbe.cs");
        File.WriteAllText(probe, """
            namespace Bench.Machines;

            [Parley.StateMachine]
            public partial class ClockProbe
            {
                public long Stamp;

                [Parley.Action]
                public void Touch() => Stamp = System.DateTime.UtcNow.Ticks;
            }
            """);
        try
        {
            foreach (var configuration in new[] { "-p:UseSharedCompilation=true", "-p:UseSharedCompilation=false" })
            {
                var shared = configuration.EndsWith("true", StringComparison.Ordinal) ? $"-p:SharedCompilationId={ServerId}" : "-p:SharedCompilationId=";
                var (withCode, withOutput) = TryRun("build", "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false", "-p:WithParleyAnalyzers=true", configuration, shared);
                if (withCode == 0 || !withOutput.Contains("PARLEY001", StringComparison.Ordinal))
                {
                    return $"the build with the analyzers ({configuration}) did not report PARLEY001:\n{withOutput}";
                }
                var (withoutCode, withoutOutput) = TryRun("build", "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false", "-p:WithParleyAnalyzers=false", configuration, shared);
                if (withoutCode != 0)
                {
                    return $"the build without the analyzers ({configuration}) failed:\n{withoutOutput}";
                }
            }
            return null;
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private Sample Measure(bool withAnalyzers, params string[] extra)
    {
        serverPid ??= FindServer();
        var server = ServerCpu();
        var children = ChildCpu.Available ? ChildCpu.TotalMilliseconds() : 0;
        var watch = Stopwatch.StartNew();
        Run(["build", "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false",
            $"-p:WithParleyAnalyzers={(withAnalyzers ? "true" : "false")}", .. extra]);
        var wall = watch.Elapsed.TotalMilliseconds;
        serverPid ??= FindServer();
        var serverUsed = serverPid is null ? 0 : ServerCpu() - server;
        // Without getrusage (Windows), CPU time is not measured: the wall time stands in for it.
        var cpu = ChildCpu.Available ? ChildCpu.TotalMilliseconds() - children + serverUsed : wall;
        return new Sample(wall, cpu);
    }

    /// <summary>The private server's process, found by its pipe name on its command line (Linux /proc).</summary>
    private int? FindServer()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains("-pipename:" + ServerId, StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return null;
    }

    /// <summary>CPU time used so far by the private server (utime + stime from /proc/pid/stat), in milliseconds; 0 when absent.</summary>
    private double ServerCpu()
    {
        if (serverPid is not { } pid)
        {
            return 0;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the command name: state is field 3, utime field 14, stime field 15 (proc(5)), in clock ticks.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks * 1000.0 / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            serverPid = null;
            return 0;
        }
    }

    /// <summary>sysconf(_SC_CLK_TCK): 100 on Linux.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>Stops the private compiler server this timer started, by its process id.</summary>
    public void Dispose()
    {
        if (serverPid is not { } pid)
        {
            return;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    private void Run(params string[] arguments)
    {
        var (code, output) = TryRun(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({code}):\n{output}");
        }
    }

    private (int ExitCode, string Output) TryRun(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // `dotnet run` exports MSBuild locations for its own child; a nested build must find its own.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took more than 10 minutes.");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}

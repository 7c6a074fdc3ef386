using System.Diagnostics;

namespace Parley.Analyzers.Bench;

/// <summary>Times <c>dotnet build</c> of the benchmark project, with or without the analyzers.</summary>
public sealed class BuildTimer(string projectDirectory)
{
    /// <summary>Restores the project once (builds then use <c>--no-restore</c>).</summary>
    public void Restore() => Run("restore", "-nologo", "-v:q");

    /// <summary>
    /// One full recompilation (<c>--no-incremental</c>) as a developer runs it (warm compiler server, MSBuild node
    /// reuse), in milliseconds of wall time.
    /// </summary>
    public double Build(bool withAnalyzers)
    {
        var watch = Stopwatch.StartNew();
        Run("build", "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-v:q", Analyzers(withAnalyzers));
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// One full recompilation in processes of its own (no compiler server, no node reuse), in milliseconds of CPU time
    /// of the whole build (<see cref="ChildCpu"/>): robust to other load on the machine.
    /// </summary>
    public double BuildCpu(bool withAnalyzers)
    {
        var before = ChildCpu.TotalMilliseconds();
        Run("build", "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false",
            "-p:UseSharedCompilation=false", Analyzers(withAnalyzers));
        return ChildCpu.TotalMilliseconds() - before;
    }

    private static string Analyzers(bool with) => $"-p:WithParleyAnalyzers={(with ? "true" : "false")}";

    private void Run(params string[] arguments)
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
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }
}

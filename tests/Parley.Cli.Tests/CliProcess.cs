using System.Collections.Concurrent;
using System.Diagnostics;
using Parley.TestSupport;

namespace Parley.Cli.Tests;

/// <summary>One run of the <c>parley</c> CLI (Parley.Cli.dll under <c>dotnet</c>) with its output collected line by
/// line; disposal kills it (by its own handle, with its children) if it still runs.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static CliProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string?> { ["PARLEY_ANVIL"] = RepoPaths.Anvil, ["PARLEY_REPOSITORY"] = RepoPaths.Root };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }
        return StartProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "Parley.Cli.dll"), .. args], RepoPaths.Root, variables);
    }

    /// <summary>Starts <paramref name="fileName"/> in <paramref name="workingDirectory"/> with this process's environment
    /// changed by <paramref name="environment"/> (a null value removes the variable).</summary>
    public static CliProcess StartProgram(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        return new CliProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command to its end (at most 2 minutes) and returns the process.</summary>
    public static async Task<CliProcess> RunAsync(params string[] args)
    {
        var process = Start(args);
        await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return process;
    }

    /// <summary>Runs <c>parley ARGS --json</c> to its end, logs the command and its output, asserts exit 0 and returns stdout.</summary>
    public static async Task<string> JsonOkAsync(Action<string> log, params string[] args)
    {
        args = [.. args, "--json"];
        using var cli = await RunAsync(args);
        var text = string.Join('\n', cli.Stdout);
        log($"$ parley {string.Join(' ', args)}\n{text}{string.Join('\n', cli.Stderr)}");
        Xunit.Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}: {string.Join(' ', cli.Stderr)}");
        return text;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();   // drains the asynchronous output readers
    }

    /// <summary>Waits for a stdout line matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var limit = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < limit)
        {
            if (_stdout.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No such line; stdout: {string.Join(" | ", _stdout)}; stderr: {string.Join(" | ", _stderr)}");
    }

    /// <summary>Sends SIGTERM to this process (its PID only).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}

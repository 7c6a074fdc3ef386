using System.Diagnostics;
using System.Text;

namespace Parley.Template.Tests;

/// <summary>The result of one command: exit code and the interleaved stdout/stderr text.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"$ {Command}  (exit {ExitCode}, {Elapsed.TotalSeconds:F1} s)\n{Output}";
}

/// <summary>
/// Runs a command as a newcomer would in a terminal: a clean environment (no MSBuild or test-host variables inherited
/// from the process running the tests, no <c>PARLEY_*</c> variables — a newcomer has none — and MSBuild node reuse off so
/// no node outlives the command), with a time limit.
/// </summary>
public static class DotnetCommand
{
    /// <param name="workingDirectory">Where to run.</param>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="timeout">Killed (with its children) after this long.</param>
    /// <param name="environment">Variables to set on top of the cleaned environment.</param>
    /// <param name="onLine">Called with each output line as it arrives and the running process (e.g. to signal it).</param>
    public static async Task<CommandResult> RunAsync(string workingDirectory, string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, Action<string, Process>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var key in info.Environment.Keys.ToArray())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key.StartsWith("PARLEY_", StringComparison.Ordinal)
                || key is "DOTNET_HOST_PATH")
            {
                info.Environment.Remove(key);
            }
        }
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var readOut = PumpAsync(process.StandardOutput, output, onLine is null ? null : line => onLine(line, process));
        var readErr = PumpAsync(process.StandardError, output, onLine is null ? null : line => onLine(line, process));
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output)
            {
                output.AppendLine($"[killed after {timeout.TotalSeconds} s]");
            }
        }
        // A build server that inherited the pipes may keep them open: don't wait for it.
        await Task.WhenAny(Task.WhenAll(readOut, readErr), Task.Delay(TimeSpan.FromSeconds(5)));
        clock.Stop();
        string text;
        lock (output)
        {
            text = output.ToString();
        }
        return new CommandResult($"{fileName} {string.Join(' ', arguments)}", process.ExitCode, text, clock.Elapsed);
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
            onLine?.Invoke(line);
        }
    }

    /// <summary>The full path of <paramref name="program"/> on the PATH.</summary>
    /// <exception cref="FileNotFoundException">It is not on the PATH.</exception>
    public static string FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{program} is not on the PATH.");
    }
}

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
/// from the process running the tests, MSBuild node reuse off so no node outlives the command), with a time limit.
/// </summary>
public static class DotnetCommand
{
    public static async Task<CommandResult> RunAsync(string workingDirectory, string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
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
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key is "DOTNET_HOST_PATH")
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
        var readOut = PumpAsync(process.StandardOutput, output);
        var readErr = PumpAsync(process.StandardError, output);
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

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

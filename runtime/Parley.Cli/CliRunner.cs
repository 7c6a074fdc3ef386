using System.CommandLine;
using System.Runtime.InteropServices;
using Parley.Chain;

namespace Parley.Cli;

/// <summary>
/// Parses and runs a command. Parse errors and exceptions become one <c>error: …</c> line on stderr with exit code 2
/// (bad usage) or 1 (the command failed); a reverted transaction shows its decoded custom error
/// (<see cref="TransactionRevertedException"/>'s message). SIGINT and SIGTERM cancel the command's token.
/// </summary>
internal static class CliRunner
{
    /// <summary>Exit code of a command that failed.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of bad usage (unknown command, bad argument).</summary>
    public const int Usage = 2;

    public static async Task<int> RunAsync(Command root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return Error(string.Join("; ", parse.Errors.Select(e => e.Message).Distinct()), Usage);
        }
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;   // shut down in order (anvil stopped by its PID) instead of being killed
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            return Error(Describe(e), Failed);
        }
    }

    /// <summary>An option taking an absolute URL (System.CommandLine has no parser for <see cref="Uri"/>).</summary>
    public static Option<Uri> UrlOption(string name, string description) => new(name)
    {
        Description = description,
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }
            result.AddError($"{name} '{text}' is not an absolute http(s) URL.");
            return null;
        },
    };

    /// <summary>Writes <c>error: message</c> (one line) to stderr and returns <paramref name="code"/>.</summary>
    public static int Error(string message, int code)
    {
        Console.Error.WriteLine("error: " + OneLine(message));
        return code;
    }

    /// <summary>The message to show for <paramref name="e"/>: the innermost revert if one is in the chain, else the message.</summary>
    public static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TransactionRevertedException reverted)
            {
                return reverted.Message;
            }
        }
        return e is AggregateException { InnerException: { } first } ? first.Message : e.Message;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Parley.Runtime.Tests.MultiProcess;

/// <summary>A Parley.Runtime.Peer child process: its JSON event lines, and control (stdin close, SIGKILL).</summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;

    private PeerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _reader = Task.Run(ReadAsync);
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Errors.Enqueue(line);
            }
        });
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Every line received so far, in order.</summary>
    public ConcurrentQueue<JsonElement> All { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (137 = killed by SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "Parley.Runtime.Peer");

    public static PeerProcess Start(string name, params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_TieredPGO"] = "0";
        return new PeerProcess(Process.Start(info) ?? throw new InvalidOperationException("The peer process did not start."), name);
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }
            var element = JsonDocument.Parse(line).RootElement.Clone();
            All.Enqueue(element);
            _lines.Writer.TryWrite(element);
        }
        _lines.Writer.TryComplete();
    }

    /// <summary>The next line whose <c>e</c> is <paramref name="kind"/> (lines of other kinds are skipped, but kept in <see cref="All"/>).</summary>
    public async Task<JsonElement> WaitForAsync(string kind, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (line.GetProperty("e").GetString() == kind)
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no '{kind}' within {timeout}. Last lines: {string.Join(" | ", All.TakeLast(5))} Errors: {string.Join(" | ", Errors.TakeLast(10))}");
        }
        throw new InvalidOperationException($"{Name} exited before '{kind}'. Errors: {string.Join(" | ", Errors.TakeLast(20))}");
    }

    /// <summary>Reads lines as they come, calling <paramref name="onLine"/>, until it returns true.</summary>
    public async Task WatchAsync(Func<JsonElement, bool> onLine, CancellationToken cancellationToken)
    {
        await foreach (var line in _lines.Reader.ReadAllAsync(cancellationToken))
        {
            if (onLine(line))
            {
                return;
            }
        }
    }

    /// <summary>SIGKILL (no chance to flush or close anything).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>Waits until everything the (exited or finished) process wrote has been read.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _reader.WaitAsync(timeout);
    }

    /// <summary>Closes stdin (the peer's signal to exit) and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _reader;
        return _process.ExitCode;
    }

    public IEnumerable<JsonElement> Lines(string kind) => All.Where(l => l.GetProperty("e").GetString() == kind);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Parley.Chain;

/// <summary>
/// A running anvil (Foundry's development chain, npm <c>@foundry-rs/anvil</c>) that this process started and owns: it
/// listens on 127.0.0.1 on a free port, and <see cref="DisposeAsync"/> kills exactly its process (by its own PID, never
/// by name) and waits for it to exit, which frees the port.
/// </summary>
/// <remarks>
/// <para>Start it with <see cref="StartAsync"/>. The dev accounts (addresses and private keys) are read from the JSON
/// file anvil writes with <c>--config-out</c>, so they follow the options (count, mnemonic).</para>
/// <para>If the host process exits without disposing, a process-exit handler still kills every anvil it started.</para>
/// </remarks>
public sealed class AnvilProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 16 * 1024;
    private const int StartAttempts = 3;

    private static readonly ConcurrentDictionary<int, Process> Live = new();

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _configFile;
    private int _disposed;
    private bool _exitedAtDispose;
    private volatile bool _released;

    static AnvilProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
            {
                try
                {
                    p.Kill();
                }
                catch (InvalidOperationException)
                {
                    // already exited
                }
            }
        };
    }

    private AnvilProcess(Process process, StringBuilder output, string configFile, int port, ulong chainId, IReadOnlyList<DevAccount> accounts)
    {
        _process = process;
        _output = output;
        _configFile = configFile;
        Port = port;
        RpcUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        ChainId = chainId;
        Accounts = accounts;
    }

    /// <summary>The loopback port anvil listens on.</summary>
    public int Port { get; }

    /// <summary>The JSON-RPC URL, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri RpcUrl { get; }

    /// <summary>The chain id anvil reports (<c>eth_chainId</c>).</summary>
    public ulong ChainId { get; }

    /// <summary>The funded dev accounts, unlocked in anvil (usable with <c>eth_sendTransaction</c>), with their keys.</summary>
    public IReadOnlyList<DevAccount> Accounts { get; }

    /// <summary>The operating-system id of the anvil process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the anvil process has exited (it should not, until disposed; after <see cref="DisposeAsync"/>,
    /// whether it was seen to exit).</summary>
    public bool HasExited => _released ? _exitedAtDispose : _process.HasExited;

    /// <summary>The last output anvil wrote (standard error and, unless silent, standard output), at most 16 KiB.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A new JSON-RPC client for <see cref="RpcUrl"/> (dispose it when done).</summary>
    public JsonRpcClient CreateClient() => new(RpcUrl);

    /// <summary>
    /// Starts anvil on 127.0.0.1 — on <see cref="AnvilOptions.Port"/> when given, else on a free port — and waits until its
    /// JSON-RPC answers <c>eth_chainId</c> (typically under 100 ms). A free port taken between choosing and binding it is
    /// replaced by another (3 attempts); a given port is not.
    /// </summary>
    /// <param name="anvilPath">The anvil binary, e.g. <c>node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil</c>. Started
    /// directly (not through npx, whose wrapper would outlive a kill).</param>
    /// <param name="options">The chain's options; null for anvil's defaults.</param>
    /// <param name="cancellationToken">Cancels the start (anvil is killed).</param>
    /// <exception cref="FileNotFoundException"><paramref name="anvilPath"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="AnvilOptions.Port"/> is outside 1–65535.</exception>
    /// <exception cref="InvalidOperationException">anvil exited during start-up; the message holds its exit code and
    /// output. With <see cref="AnvilOptions.Port"/> in use by another process: the message names the port
    /// (<c>Port 8545 on 127.0.0.1 is already in use …</c>).</exception>
    /// <exception cref="TimeoutException">The RPC did not answer within <see cref="AnvilOptions.StartTimeout"/>; the
    /// message holds anvil's output (anvil is killed).</exception>
    public static async Task<AnvilProcess> StartAsync(string anvilPath, AnvilOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anvilPath);
        if (!File.Exists(anvilPath))
        {
            throw new FileNotFoundException($"The anvil binary does not exist at {anvilPath} (npm ci installs it under node_modules/@foundry-rs/).", anvilPath);
        }
        options ??= new AnvilOptions();
        if (options.Port is { } given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(options.Port));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(given, IPEndPoint.MaxPort, nameof(options.Port));
            try
            {
                // Probe first: another chain on the port would answer our RPC poll as if it were this anvil.
                if (!IsLoopbackPortFree(given, out var probeError))
                {
                    throw new PortTakenException(probeError);
                }
                return await StartOnceAsync(anvilPath, options, given, cancellationToken).ConfigureAwait(false);
            }
            catch (PortTakenException e)
            {
                throw new InvalidOperationException(
                    $"Port {given.ToString(CultureInfo.InvariantCulture)} on 127.0.0.1 is already in use: anvil cannot listen there ({e.Message}). "
                    + "Choose another port, or none for a free one.");
            }
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(anvilPath, options, FreeLoopbackPort(), cancellationToken).ConfigureAwait(false);
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                // Another process bound the port between our probe and anvil's bind: choose another.
            }
        }
    }

    /// <summary>Kills the anvil process (its own PID only) and waits for it to exit; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // exited on its own meanwhile
        }
        finally
        {
            _exitedAtDispose = _process.HasExited;
            _released = true;
            Live.TryRemove(_process.Id, out _);
            _process.Dispose();
            TryDelete(_configFile);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"anvil pid {_process.Id} at {RpcUrl} (chain {ChainId})";

    private static async Task<AnvilProcess> StartOnceAsync(string anvilPath, AnvilOptions options, int port, CancellationToken cancellationToken)
    {
        var configFile = Path.Combine(Path.GetTempPath(), $"parley-anvil-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var psi = new ProcessStartInfo(anvilPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(options, port, configFile))
        {
            psi.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"anvil did not start ({anvilPath}).");
        }
        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        AnvilProcess? started = null;
        try
        {
            var chainId = await WaitForRpcAsync(process, port, configFile, options.StartTimeout, output, cancellationToken).ConfigureAwait(false);
            var accounts = await ReadAccountsAsync(configFile, cancellationToken).ConfigureAwait(false);
            started = new AnvilProcess(process, output, configFile, port, chainId, accounts);
            return started;
        }
        finally
        {
            if (started is null)
            {
                Live.TryRemove(process.Id, out _);
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill();
                    }
                    process.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
                process.Dispose();
                TryDelete(configFile);
            }
        }
    }

    private static List<string> Arguments(AnvilOptions options, int port, string configFile)
    {
        var args = new List<string>
        {
            "--host", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--config-out", configFile,
        };
        if (options.Silent)
        {
            args.Add("--silent");
        }
        if (options.ChainId is { } chainId)
        {
            args.AddRange(["--chain-id", chainId.ToString(CultureInfo.InvariantCulture)]);
        }
        if (options.BlockTimeSeconds is { } blockTime)
        {
            args.AddRange(["--block-time", blockTime.ToString(CultureInfo.InvariantCulture)]);
        }
        else if (!options.Automine)
        {
            args.Add("--no-mining");
        }
        if (options.AccountCount is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(options.AccountCount));
            args.AddRange(["--accounts", count.ToString(CultureInfo.InvariantCulture)]);
        }
        if (options.BalanceEther is { } balance)
        {
            args.AddRange(["--balance", balance.ToString(CultureInfo.InvariantCulture)]);
        }
        if (options.Mnemonic is { } mnemonic)
        {
            args.AddRange(["--mnemonic", mnemonic]);
        }
        if (options.Hardfork is { } hardfork)
        {
            args.AddRange(["--hardfork", hardfork]);
        }
        args.AddRange(options.ExtraArguments);
        return args;
    }

    private static async Task<ulong> WaitForRpcAsync(Process process, int port, string configFile, TimeSpan timeout, StringBuilder output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var rpc = new JsonRpcClient(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), http);
        for (;;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                process.WaitForExit(); // drain the output readers
                var text = Snapshot(output);
                if (text.Contains("in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException(OneLine(text));
                }
                throw new InvalidOperationException($"anvil exited with code {process.ExitCode} during start-up on port {port}. Its output:{Environment.NewLine}{text}");
            }
            try
            {
                var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
                // anvil writes --config-out once it has bound the port (never when the bind fails): until the file is
                // there, an answer may come from another process holding the port, and then our anvil exits with
                // "Address already in use" (seen on a later turn).
                if (File.Exists(configFile))
                {
                    return chainId;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the request timed out: anvil is still starting
            }
            if (started.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"anvil (pid {process.Id}) did not answer JSON-RPC on 127.0.0.1:{port} within {timeout.TotalSeconds:0.#} s. Its output:{Environment.NewLine}{Snapshot(output)}");
            }
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<DevAccount>> ReadAccountsAsync(string configFile, CancellationToken cancellationToken)
    {
        // anvil writes the file at start-up; allow a moment in case it is not complete when the RPC first answers.
        JsonDocument? parsed = null;
        for (var attempt = 0; parsed is null; attempt++)
        {
            try
            {
                parsed = JsonDocument.Parse(await File.ReadAllBytesAsync(configFile, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when ((e is IOException or JsonException) && attempt < 200)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        using var doc = parsed;
        var root = RpcFields.Object(doc.RootElement, "anvil --config-out");
        var addresses = RpcFields.Array(root, "available_accounts", "anvil --config-out");
        var keys = RpcFields.Array(root, "private_keys", "anvil --config-out");
        if (addresses.GetArrayLength() != keys.GetArrayLength())
        {
            throw new RpcFormatException("anvil --config-out", "available_accounts and private_keys differ in length");
        }
        var accounts = new List<DevAccount>(addresses.GetArrayLength());
        using var a = addresses.EnumerateArray();
        using var k = keys.EnumerateArray();
        while (a.MoveNext() && k.MoveNext())
        {
            var what = $"anvil --config-out.available_accounts[{accounts.Count}]";
            var key = RpcFields.AsString(k.Current, $"anvil --config-out.private_keys[{accounts.Count}]");
            RpcData.ParseBytes32(key, $"anvil --config-out.private_keys[{accounts.Count}]");
            accounts.Add(new DevAccount(RpcData.ParseAddress(RpcFields.AsString(a.Current, what), what), key));
        }
        return accounts.AsReadOnly();
    }

    private static bool IsLoopbackPortFree(int port, out string error)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            error = "";
            return true;
        }
        catch (SocketException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > MaxOutputChars)
            {
                output.Remove(0, output.Length - MaxOutputChars);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.Length == 0 ? "(none)" : output.ToString();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: a temp file
        }
        catch (UnauthorizedAccessException)
        {
            // best effort: a temp file
        }
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class PortTakenException(string anvilOutput) : Exception(anvilOutput);
}

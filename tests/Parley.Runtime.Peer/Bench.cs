using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Parley.Crypto;

namespace Parley.Runtime.Peer;

/// <summary>
/// The end-to-end throughput harness (<c>bench</c> mode): starts pairs of peer processes talking over loopback TCP,
/// with full validation and the store's persistence on, and prints one <c>name value unit</c> line per figure. Every
/// figure's name carries the persistence mode: <c>fsync</c> = <c>StoreDurability.Full</c> (SQLite WAL,
/// <c>synchronous=FULL</c>: each group commit fsyncs), <c>nofsync</c> = <c>StoreDurability.Normal</c> (WAL,
/// <c>synchronous=NORMAL</c>: survives a process crash, not a power loss).
/// </summary>
internal static class Bench
{
    private static readonly string Self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
    private static readonly PrivateKey Payer = PrivateKey.Parse("0x1111111111111111111111111111111111111111111111111111111111111111");
    private static readonly PrivateKey Payee = PrivateKey.Parse("0x2222222222222222222222222222222222222222222222222222222222222222");

    public static async Task<int> RunAsync(PeerOptions options)
    {
        var scale = options.BenchUpdates ?? 20_000;
        var directory = Path.Combine(Path.GetTempPath(), "parley-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var figures = new List<string>();
        try
        {
            foreach (var (mode, durability) in new[] { ("fsync", "Full"), ("nofsync", "Normal") })
            {
                var (one, payeeCpu) = await PayAsync(directory, $"one-{mode}", durability, channels: 1, payments: scale, window: 2048);
                figures.Add($"runtime-1ch-pipelined-{mode} {one.GetProperty("perSecond").GetDouble():0} updates/s");
                figures.Add($"runtime-1ch-pipelined-{mode}-cpu-payer {one.GetProperty("cpuUsPerUpdate").GetDouble():0} us/update");
                figures.Add($"runtime-1ch-pipelined-{mode}-cpu-payee {payeeCpu:0} us/update");
                // Latency per update without queueing: one payment at a time, from the request to the payee's
                // acknowledgement (sent after the payee's commit), both stores committing every update.
                var (single, _) = await PayAsync(directory, $"latency-{mode}", durability, channels: 1, payments: Math.Max(scale / 10, 100), window: 1);
                figures.Add($"runtime-1ch-latency-{mode}-p50 {single.GetProperty("p50Us").GetDouble():0} us");
                figures.Add($"runtime-1ch-latency-{mode}-p99 {single.GetProperty("p99Us").GetDouble():0} us");
                var (hundred, _) = await PayAsync(directory, $"hundred-{mode}", durability, channels: 100, payments: Math.Max(scale / 40, 10), window: 64);
                figures.Add($"runtime-100ch-aggregate-{mode} {hundred.GetProperty("perSecond").GetDouble():0} updates/s");
                var (rally, payeeDb) = await RallyAsync(directory, $"rally-{mode}", durability, 1000);
                figures.Add($"runtime-1ch-alternating-{mode} {rally.GetProperty("updates").GetInt32() / rally.GetProperty("seconds").GetDouble():0} updates/s");
                figures.Add($"runtime-1ch-alternating-{mode}-p50 {rally.GetProperty("p50Us").GetDouble():0} us");
                figures.Add($"runtime-1ch-alternating-{mode}-p99 {rally.GetProperty("p99Us").GetDouble():0} us");
                if (mode == "fsync")
                {
                    var (cold, warm) = await RederiveAsync(payeeDb);
                    figures.Add($"runtime-rederive-1000-actions-cold-process {cold:0.0} ms");
                    figures.Add($"runtime-rederive-1000-actions {warm:0.0} ms");
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        Console.WriteLine();
        Console.WriteLine("# runtime figures (two peer processes over loopback TCP; fsync = StoreDurability.Full, nofsync = StoreDurability.Normal)");
        Console.WriteLine($"# {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
        foreach (var figure in figures)
        {
            Console.WriteLine(figure);
        }
        return 0;
    }

    private static string Hex(PrivateKey key) => "0x" + Convert.ToHexStringLower(key.ExportBytes());

    private static async Task<(JsonElement Result, double PayeeCpuUs)> PayAsync(string directory, string name, string durability, int channels, int payments, int window)
    {
        await using var payee = Child.Start("play", "--key", Hex(Payee), "--db", Path.Combine(directory, name + "-payee.db"), "--durability", durability,
            "--verbose", "false");
        var ready = await payee.WaitForAsync("ready");
        var port = ready.GetProperty("port").GetInt32();
        await using var payer = Child.Start("pay", "--key", Hex(Payer), "--db", Path.Combine(directory, name + "-payer.db"), "--durability", durability,
            "--peer", $"{Payee.Address}=127.0.0.1:{port}", "--participants", $"{Payer.Address},{Payee.Address}",
            "--propose", channels.ToString(CultureInfo.InvariantCulture), "--payments", payments.ToString(CultureInfo.InvariantCulture),
            "--window", window.ToString(CultureInfo.InvariantCulture), "--checkpoint", "64");
        var result = await payer.WaitForAsync("pay-result");
        var payeeExit = await payee.StopAsync();
        // The payee's CPU from its start-up to its exit, per update: channel set-up included, so a slight overestimate.
        var payeeCpu = (payeeExit.GetProperty("cpuMs").GetDouble() - ready.GetProperty("cpuMs").GetDouble()) * 1000 / result.GetProperty("updates").GetInt32();
        Console.Error.WriteLine($"{name}: {result} payee cpu {payeeCpu:0} us/update");
        return (result, payeeCpu);
    }

    private static async Task<(JsonElement Timing, string PayeeDb)> RallyAsync(string directory, string name, string durability, int target)
    {
        var payeeDb = Path.Combine(directory, name + "-b.db");
        await using var b = Child.Start("play", "--key", Hex(Payee), "--db", payeeDb, "--durability", durability, "--verbose", "false", "--expect", "1");
        var port = (await b.WaitForAsync("ready")).GetProperty("port").GetInt32();
        await using var a = Child.Start("play", "--key", Hex(Payer), "--db", Path.Combine(directory, name + "-a.db"), "--durability", durability,
            "--verbose", "false", "--timing", "true", "--peer", $"{Payee.Address}=127.0.0.1:{port}", "--participants", $"{Payer.Address},{Payee.Address}",
            "--app", "Rally", "--target", target.ToString(CultureInfo.InvariantCulture), "--propose", "1");
        var timing = await a.WaitForAsync("timing");
        await b.WaitForAsync("done");
        Console.Error.WriteLine($"{name}: {timing}");
        return (timing, payeeDb);
    }

    private static async Task<(double Cold, double Warm)> RederiveAsync(string db)
    {
        await using var child = Child.Start("rederive", "--db", db);
        var report = await child.WaitForAsync("rederived");
        if (!report.GetProperty("clean").GetBoolean())
        {
            throw new InvalidOperationException("Re-derivation found a mismatch: " + report);
        }
        var cold = await child.WaitForAsync("rederive-time");
        var warm = await child.WaitForAsync("rederive-warm-time");
        Console.Error.WriteLine($"rederive: {report} {cold} {warm}");
        return (cold.GetProperty("ms").GetDouble(), warm.GetProperty("ms").GetDouble());
    }

    /// <summary>A child peer process speaking JSON lines.</summary>
    private sealed class Child : IAsyncDisposable
    {
        private readonly Process _process;

        private Child(Process process) => _process = process;

        public static Child Start(params string[] args)
        {
            var info = new ProcessStartInfo(Self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }
            return new Child(Process.Start(info)!);
        }

        public async Task<JsonElement> WaitForAsync(string kind)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith('{') && JsonDocument.Parse(line).RootElement is var element && element.GetProperty("e").GetString() == kind)
                {
                    return element.Clone();
                }
            }
            throw new InvalidOperationException($"The child exited before '{kind}'.");
        }

        public async Task<JsonElement> StopAsync()
        {
            _process.StandardInput.Close();
            return await WaitForAsync("exit");
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.Close();
                }
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;
using Parley.Chain;
using Parley.Crypto;
using Parley.Deployment;

namespace Parley.Examples.Demo;

/// <summary>
/// The demo's conductor: starts the embedded dev chain (anvil, adjudicator and the generated tic-tac-toe app deployed),
/// funds two fresh keys, starts the two participant processes, relays their output, prints balances and timings, and
/// plays the chain's operator for the dispute (time travel past the challenge window).
/// </summary>
public static class Orchestrator
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    public static async Task<int> RunAsync()
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine("== Parley demo: tic-tac-toe state channels on the embedded dev chain");
        await using var chain = await DevChain.StartAsync(new DevChainOptions
        {
            Apps = [AppContract.FromDefinition(TicTacToe.Definition)],
            Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) },
        });
        Console.WriteLine($"chain   │ anvil at {chain.RpcUrl} (chain id {chain.ChainId}); adjudicator {chain.Adjudicator.Address}; "
            + $"TicTacToe app {chain.Apps[TicTacToe.Definition.Id]}  [{total.Elapsed.TotalSeconds:0.0} s]");
        var app = chain.AppSources[TicTacToe.Definition.Id];
        Console.WriteLine($"chain   │ app contract bytecode: {(app.Origin == AppContractOrigin.BuildArtifact ? "compiled by solc at build time" : "compiled at run time")} ({app.Location})");

        var alice = PrivateKey.Generate();
        var bob = PrivateKey.Generate();
        foreach (var key in new[] { alice, bob })
        {
            await chain.FundAsync(key.Address, 10 * Ether.One);
        }
        var names = new Dictionary<Address, string> { [alice.Address] = "alice (X)", [bob.Address] = "bob (O)" };
        var start = await BalancesAsync(chain.Rpc, names);
        Print("balances at start", start, null);

        var data = Directory.CreateTempSubdirectory("parley-demo-").FullName;
        var nonce = (ulong)Random.Shared.NextInt64(1, long.MaxValue / 2);
        DemoArguments Args(string role, string? peer) => new(role, chain.RpcUrl, chain.ChainId, chain.Adjudicator.Address, chain.AdjudicatorBlock,
            chain.Apps[TicTacToe.Definition.Id], alice.Address, bob.Address, nonce, 600, data, peer);

        try
        {
            // ------------------------------------------------------------ game 1
            Console.WriteLine();
            Console.WriteLine("== Game 1: deposit, play to a win, conclude cooperatively, withdraw");
            var game1 = Stopwatch.StartNew();
            await using var a = ParticipantProcess.Start("alice", Args("alice", null), alice);
            var port = await a.WaitForAsync("listen", Limit);
            await using var b = ParticipantProcess.Start("bob  ", Args("bob", $"127.0.0.1:{port}"), bob);
            await a.WaitForAsync("game1-done", Limit);
            await b.WaitForAsync("game1-done", Limit);
            var afterGame1 = await BalancesAsync(chain.Rpc, names);
            Print("balances after game 1", afterGame1, start);
            Console.WriteLine($"game 1 wall time: {game1.Elapsed.TotalSeconds:0.0} s (chain start to withdrawal: {total.Elapsed.TotalSeconds:0.0} s)");

            // ------------------------------------------------------------ game 2
            Console.WriteLine();
            Console.WriteLine("== Game 2: the losing side challenges with a stale state and goes silent; the watcher answers");
            var game2 = Stopwatch.StartNew();
            await a.SendAsync("go");
            await b.SendAsync("go");
            var finalizesAt = ulong.Parse(await a.WaitForAsync("advance-to", Limit), System.Globalization.CultureInfo.InvariantCulture);
            await b.WaitForExitAsync(Limit);
            var now = (await chain.Rpc.GetBlockAsync())!.Timestamp;
            var seconds = finalizesAt > now ? finalizesAt - now + 1 : 1;
            await chain.Rpc.IncreaseTimeAsync(seconds);
            await chain.Rpc.MineAsync();
            Console.WriteLine($"chain   │ time travel: evm_increaseTime {seconds} s + one block — the challenge window has closed");
            await a.WaitForAsync("game2-done", Limit);
            await using (var collect = ParticipantProcess.Start("bob  ", Args("bob-collect", null), bob))
            {
                await collect.WaitForExitAsync(Limit);
            }
            var end = await BalancesAsync(chain.Rpc, names);
            Print("balances after game 2", end, afterGame1);
            Console.WriteLine("outcome: X's winning move (turn 5), registered by the watcher's progress, was enforced, not O's stale turn 4; "
                + "the reducer's outcome paid X both stakes (+1 ETH less gas), O lost its stake and paid for the failed challenge.");
            Console.WriteLine($"game 2 wall time: {game2.Elapsed.TotalSeconds:0.0} s");
            await a.WaitForExitAsync(Limit);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
        Console.WriteLine();
        Console.WriteLine($"== Demo complete in {total.Elapsed.TotalSeconds:0.0} s; anvil stopped.");
        return 0;
    }

    private static async Task<Dictionary<Address, UInt256>> BalancesAsync(JsonRpcClient rpc, Dictionary<Address, string> names)
    {
        var balances = new Dictionary<Address, UInt256>();
        foreach (var account in names.Keys)
        {
            balances[account] = await rpc.GetBalanceAsync(account);
        }
        return balances;
    }

    private static void Print(string title, Dictionary<Address, UInt256> balances, Dictionary<Address, UInt256>? before)
    {
        Console.WriteLine($"chain   │ {title}:");
        foreach (var (account, balance) in balances)
        {
            var delta = before is null ? "" : $"  ({(Ether.Delta(before[account], balance).Sign >= 0 ? "+" : "")}{Ether.Format(Ether.Delta(before[account], balance))})";
            Console.WriteLine($"chain   │   {account} {Ether.Format(balance)}{delta}");
        }
    }

    /// <summary>A participant child process: its output relayed with a prefix, its <c>@</c> control lines queued.</summary>
    private sealed class ParticipantProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _control = Channel.CreateUnbounded<string>();
        private readonly string _name;

        private ParticipantProcess(string name, Process process)
        {
            _name = name;
            _process = process;
        }

        public static ParticipantProcess Start(string name, DemoArguments args, PrivateKey key)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }
            foreach (var arg in args.ToArgs())
            {
                info.ArgumentList.Add(arg);
            }
            info.Environment[DemoArguments.KeyVariable] = "0x" + Convert.ToHexString(key.ExportBytes()).ToLowerInvariant();
            var process = Process.Start(info) ?? throw new InvalidOperationException("The participant process did not start.");
            var participant = new ParticipantProcess(name, process);
            process.OutputDataReceived += (_, e) => participant.OnLine(e.Data, error: false);
            process.ErrorDataReceived += (_, e) => participant.OnLine(e.Data, error: true);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return participant;
        }

        private void OnLine(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }
            if (!error && line.StartsWith('@'))
            {
                _control.Writer.TryWrite(line[1..]);
                return;
            }
            Console.WriteLine($"{_name}   │ {(error ? "stderr: " : "")}{line}");
        }

        /// <summary>Waits for the control line <c>@verb [value]</c> and returns the value.</summary>
        public async Task<string> WaitForAsync(string verb, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                var read = _control.Reader.ReadAsync(cts.Token).AsTask();
                var exited = _process.WaitForExitAsync(cts.Token);
                if (await Task.WhenAny(read, exited) == exited && !read.IsCompleted)
                {
                    await Task.Delay(200); // let the last lines arrive
                    if (_control.Reader.TryRead(out var late) && late.Split(' ', 2)[0] == verb)
                    {
                        return late.Split(' ', 2) is [_, var v] ? v : "";
                    }
                    throw new InvalidOperationException($"{_name.Trim()} exited with code {_process.ExitCode} before '@{verb}'.");
                }
                var line = await read;
                var parts = line.Split(' ', 2);
                if (parts[0] == verb)
                {
                    return parts.Length > 1 ? parts[1] : "";
                }
            }
        }

        public async Task SendAsync(string line)
        {
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }

        public async Task WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
            if (_process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{_name.Trim()} exited with code {_process.ExitCode}.");
            }
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();   // this process only (by its own handle)
                _process.WaitForExit(5000);
            }
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

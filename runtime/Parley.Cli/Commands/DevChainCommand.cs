using System.CommandLine;
using Parley.Chain;
using Parley.Cli.Apps;
using Parley.Cli.Output;
using Parley.Deployment;
using Parley.Examples;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley devchain [--port N] [--chain-id N] [--block-time S] [--app path.dll]… [--json]</c>: starts the embedded
/// chain (<see cref="DevChain"/>: anvil on 127.0.0.1, the adjudicator, the built-in tic-tac-toe app and every state
/// machine of the <c>--app</c> assemblies deployed), reports the RPC URL, chain id, contracts and funded dev accounts
/// (<see cref="DevChainView"/>), and runs until SIGINT/SIGTERM, then stops anvil (its own PID).
/// </summary>
internal static class DevChainCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "The RPC port on 127.0.0.1 (default: a free port). A port in use is an error.", HelpName = "port" };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } p and (< 1 or > 65535))
            {
                r.AddError($"--port {p} is not a TCP port (1–65535).");
            }
        });
        var chainId = new Option<ulong?>("--chain-id") { Description = "The chain id (default 31337)." };
        var blockTime = new Option<ulong?>("--block-time") { Description = "Mine a block every this many seconds (default: a block per transaction).", HelpName = "seconds" };
        blockTime.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<ulong?>() is 0)
            {
                r.AddError("--block-time must be at least 1 second (leave it out for a block per transaction).");
            }
        });
        var apps = AppAssemblies.Option("deploy next to the built-in tic-tac-toe");
        var json = Terminal.JsonOption();
        var command = new Command("devchain", "Start the embedded dev chain (anvil, adjudicator, tic-tac-toe and --app contracts) until Ctrl-C.")
        {
            port, chainId, blockTime, apps, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = Terminal.ForStdout(parse.GetValue(json));
            var machines = AppAssemblies.Load(parse.GetValue(apps) ?? []);
            var contracts = new[] { TicTacToe.Definition }.Concat(machines).Distinct().Select(AppContract.FromDefinition).ToArray();
            var seconds = parse.GetValue(blockTime);
            var options = new DevChainOptions
            {
                Anvil = new AnvilOptions { Port = parse.GetValue(port), ChainId = parse.GetValue(chainId), BlockTimeSeconds = seconds },
                Apps = contracts,
                Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) },
            };
            await using var chain = await terminal.StatusAsync(
                $"starting anvil, deploying the adjudicator and {contracts.Length} app contract{(contracts.Length == 1 ? "" : "s")}…",
                () => DevChain.StartAsync(options, cancellationToken));
            DevChainView.Of(chain, seconds).Write(terminal);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                terminal.Note("stopping anvil");
            }
            return 0;
        });
        return command;
    }
}

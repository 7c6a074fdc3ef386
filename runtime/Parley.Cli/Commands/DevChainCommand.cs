using System.CommandLine;
using Parley.Chain;
using Parley.Deployment;
using Parley.Examples;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley devchain</c>: starts the embedded chain (<see cref="DevChain"/>: anvil on a free 127.0.0.1 port, the
/// adjudicator and the tic-tac-toe app deployed), prints the RPC URL, chain id, contract addresses and the funded dev
/// accounts, and runs until SIGINT/SIGTERM, then stops anvil (its own PID).
/// </summary>
internal static class DevChainCommand
{
    public static Command Create()
    {
        var command = new Command("devchain", "Start the embedded dev chain (anvil, adjudicator, tic-tac-toe app) until Ctrl-C.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var chain = await DevChain.StartAsync(new DevChainOptions
            {
                Apps = [AppContract.FromDefinition(TicTacToe.Definition)],
                Transactions = new TransactionSenderOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) },
            }, cancellationToken);
            Console.WriteLine($"rpc          {chain.RpcUrl}");
            Console.WriteLine($"chain-id     {chain.ChainId}");
            Console.WriteLine($"adjudicator  {chain.Adjudicator.Address}  (deployed in block {chain.AdjudicatorBlock})");
            foreach (var (name, address) in chain.Apps)
            {
                Console.WriteLine($"app          {address}  {name}");
            }
            Console.WriteLine();
            Console.WriteLine($"{"#",-3} {"address",-42}  private key (test keys only)");
            for (var i = 0; i < chain.DevAccounts.Count; i++)
            {
                Console.WriteLine($"{i,-3} {chain.DevAccounts[i].Address,-42}  {chain.DevAccounts[i].PrivateKeyHex}");
            }
            Console.WriteLine();
            Console.WriteLine("ready — Ctrl-C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopping anvil");
            }
            return 0;
        });
        return command;
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Parley;
using Parley.Deployment;
using StateChannelApp;

// Plays one game of Nim in a state channel on Parley's embedded dev chain and prints every step:
// anvil starts on 127.0.0.1 with the adjudicator and this game's app contract; each participant gets a funded account and
// a Parley node (own key, durable SQLite store, TCP endpoint, chain service, watcher); the channel is opened, every
// participant deposits its stake, the game is played off chain with signed updates, the final state is concluded on chain
// (concludeAndWithdraw), and each balance is checked against the outcome. Exit code 0 only if all of that held.

UInt256 stake = 1_000_000_000_000_000UL; // 0.001 ETH per participant, in wei
var limit = TimeSpan.FromMinutes(5);
using var stop = new CancellationTokenSource(limit);
// Ctrl-C (SIGINT) and SIGTERM cancel the run; the nodes and anvil are then stopped on the way out (DevChain's dispose).
PosixSignal? stoppedBy = null;
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
var clock = Stopwatch.StartNew();

Console.WriteLine($"Parley state channel: {Nim.Definition.Id}, {Nim.Definition.ParticipantCount} participants, on the embedded dev chain");
try
{
    await using var chain = await Match.StartChainAsync(stop.Token);
    Console.WriteLine($"chain:       anvil pid {chain.Anvil!.ProcessId} at {chain.RpcUrl} (chain id {chain.ChainId}), contracts deployed in {clock.ElapsedMilliseconds} ms");
    Console.WriteLine($"adjudicator: {chain.Adjudicator.Address}" + (chain.AdjudicatorDeployment is { } deployed ? $" (deploy gas {deployed.GasUsed:N0})" : ""));
    var appSource = chain.AppSources[Nim.Definition.Id];
    Console.WriteLine($"app:         {chain.Apps[Nim.Definition.Id]} ({Nim.Definition.SolidityContractName}, the generated Solidity of {nameof(Nim)}; "
        + (appSource.Origin == AppContractOrigin.BuildArtifact ? $"compiled at build time: {appSource.Location})" : $"compiled at run time with solc-js from {appSource.Location})"));

    var result = await Match.PlayAsync(chain, dataDirectory, stake, Console.WriteLine, stop.Token);

    Console.WriteLine();
    Console.WriteLine($"channel {result.ChannelId}");
    Console.WriteLine(result.ConcludedOnChain
        ? $"  status:   concluded on chain at turn {result.TurnNum} (final state signed by every participant, paid out by concludeAndWithdraw)"
        : $"  status:   NOT concluded on chain: the adjudicator does not hold turn {result.TurnNum} as finalized with nothing left to pay");
    Console.WriteLine($"  moves:    {string.Join(" ", result.Moves)}");
    Console.WriteLine($"  winner:   participant {result.Winner}");
    Console.WriteLine($"  agreed:   {(result.AllNodesAgree ? "every node holds the same final state" : "NODES DISAGREE")}");
    Console.WriteLine($"  gas:      {result.Transactions.Sum(t => (long)t.GasUsed):N0} in {result.Transactions.Count} transactions");
    for (var i = 0; i < result.Accounts.Count; i++)
    {
        var a = result.Accounts[i];
        Console.WriteLine($"  participant {i}: {Ether.Format(a.Before)} -> {Ether.Format(a.After)} ({Ether.FormatChange(a.Change)} = payout {Ether.Format(a.Payout)} "
            + $"- stake {Ether.Format(a.Stake)} - fees {Ether.Format(a.Fees)}){(a.Matches ? "" : $"  MISMATCH: expected {Ether.FormatChange(a.ExpectedChange)}")}");
    }
    Console.WriteLine($"  balances: {(result.BalancesMatch ? "every balance matches the outcome" : "A BALANCE DOES NOT MATCH THE OUTCOME")}");
    Console.WriteLine($"  took:     {clock.ElapsedMilliseconds} ms");
    return result.ConcludedOnChain && result.BalancesMatch && result.AllNodesAgree ? 0 : 1;
}
catch (InvalidOperationException e) when (e.InnerException is Win32Exception)
{
    // npm (to install anvil and solc on first run) or node (to compile a contract at run time) could not be started.
    Console.Error.WriteLine("error: Parley's dev chain needs Node.js and npm on the PATH (to install anvil and solc on first run); install Node.js from https://nodejs.org and run again.");
    return 1;
}
catch (ToolchainProvisioningException e)
{
    Console.Error.WriteLine($"error: installing Parley's dev chain (anvil, solc) with npm failed: {OneLine(e.Message)}");
    return 1;
}
catch (Exception) when (stop.IsCancellationRequested)
{
    // Whatever was interrupted (a wait, a request, a transaction) ends here once a stop was asked for.
    Console.Error.WriteLine(stoppedBy is { } signal
        ? $"stopped by {signal}: the nodes and anvil were shut down."
        : $"error: the match did not finish within {limit.TotalMinutes} minutes; the nodes and anvil were shut down.");
    return stoppedBy switch { PosixSignal.SIGINT => 130, PosixSignal.SIGTERM => 143, _ => 1 };
}
finally
{
    if (Directory.Exists(dataDirectory))
    {
        Directory.Delete(dataDirectory, recursive: true);
    }
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true; // don't terminate now: unwind, so that the nodes and anvil are stopped
    stoppedBy ??= context.Signal;
    stop.Cancel();
}

static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

using System.CommandLine;
using Parley.Cli.Apps;
using Parley.Cli.Node;
using Parley.Cli.Output;
using Parley.Crypto;
using Parley.Nodes;
using Spectre.Console;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley node --key K --rpc URL --adjudicator A --app-address A --peer-port P --api-port Q --data DIR [--app path.dll]…</c>:
/// a participant (<see cref="ParleyNode"/>) with its HTTP JSON API (<see cref="NodeApi"/>) on 127.0.0.1, until
/// SIGINT/SIGTERM. The key may also come from the environment (<c>PARLEY_KEY</c>) so it stays off the command line.
/// <c>--app</c> loads users' state machine assemblies (<see cref="AppAssemblies"/>) so the node accepts channels of
/// those machines; tic-tac-toe is built in.
/// </summary>
internal static class NodeCommand
{
    /// <summary>The environment variable read when <c>--key</c> is not given.</summary>
    public const string KeyVariable = "PARLEY_KEY";

    public static Command Create()
    {
        var key = new Option<string?>("--key") { Description = $"The participant's private key (0x-hex); default ${KeyVariable}." };
        var rpc = CliRunner.UrlOption("--rpc", "The chain's JSON-RPC URL.");
        var adjudicator = new Option<string>("--adjudicator") { Description = "The adjudicator's address.", Required = true };
        var app = new Option<string>("--app-address") { Description = "The app contract's address for the channels this node opens (tic-tac-toe).", Required = true };
        var apps = AppAssemblies.Option("accept channels of (tic-tac-toe is built in)");
        var peerPort = new Option<int>("--peer-port") { Description = "TCP port for peers on 127.0.0.1 (0: free port)." };
        var apiPort = new Option<int>("--api-port") { Description = "HTTP API port on 127.0.0.1 (0: free port)." };
        var data = new Option<string>("--data") { Description = "Data directory (SQLite store, watcher cursors).", Required = true };
        var fromBlock = new Option<ulong>("--from-block") { Description = "Block to follow the adjudicator's events from (its deployment block)." };
        var command = new Command("node", "Run a participant node: peer port plus a local HTTP JSON API.")
        {
            key, rpc, adjudicator, app, peerPort, apiPort, data, fromBlock, apps,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = Terminal.ForStdout(json: false);
            var machines = AppAssemblies.Load(parse.GetValue(apps) ?? []);
            var hex = parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable)
                ?? throw new ArgumentException($"No key: give --key or set {KeyVariable}.");
            var settings = new NodeSettings(PrivateKey.Parse(hex), parse.GetValue(rpc)!, Address.Parse(parse.GetValue(adjudicator)!),
                Address.Parse(parse.GetValue(app)!), parse.GetValue(peerPort), parse.GetValue(apiPort), parse.GetValue(data)!, parse.GetValue(fromBlock));
            await using var node = await settings.StartNodeAsync(cancellationToken);
            await using var api = NodeApi.Build(node, settings);
            await api.StartAsync(cancellationToken);
            Report(terminal, $"{settings.Key.Address}", $"{node.PeerEndPoint}", api.Urls.First(), machines.Select(m => m.Id));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                terminal.Note("stopping node");
            }
            await api.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>The node's first output: plain, the one stable line <c>node ADDRESS peer HOST:PORT api URL</c> (plus
    /// <c>apps ID …</c> when <c>--app</c> loaded any); rich, a table of the same.</summary>
    private static void Report(Terminal terminal, string address, string peer, string api, IEnumerable<string> apps)
    {
        var loaded = apps.ToArray();
        if (terminal.Mode != OutputMode.Rich)
        {
            terminal.Plain.WriteLine($"node {address} peer {peer} api {api}");
            if (loaded.Length > 0)
            {
                terminal.Plain.WriteLine("apps " + string.Join(' ', loaded));
            }
            terminal.Plain.Flush();
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Parley node[/]").HideHeaders().AddColumn("field").AddColumn("value");
        table.AddRow(new Text("address"), new Text(address));
        table.AddRow(new Text("peer endpoint"), new Text(peer));
        table.AddRow(new Text("HTTP API"), new Text(api, new Style(Color.Aqua)));
        table.AddRow(new Text("state machines"), new Text(string.Join('\n', new[] { $"{Parley.Examples.TicTacToe.Definition.Id} (built in)" }.Concat(loaded))));
        terminal.Console.Write(table);
        terminal.Console.MarkupLine("[green]running — Ctrl-C to stop[/]");
    }
}

using System.CommandLine;
using Parley.Cli.Node;
using Parley.Crypto;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley node --key K --rpc URL --adjudicator A --app A --peer-port P --api-port Q --data DIR</c>: a participant
/// (<see cref="ParleyNode"/>) with its HTTP JSON API (<see cref="NodeApi"/>) on 127.0.0.1, until SIGINT/SIGTERM.
/// The key may also come from the environment (<c>PARLEY_KEY</c>) so it stays off the command line.
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
        var app = new Option<string>("--app") { Description = "The tic-tac-toe app contract's address.", Required = true };
        var peerPort = new Option<int>("--peer-port") { Description = "TCP port for peers on 127.0.0.1 (0: free port)." };
        var apiPort = new Option<int>("--api-port") { Description = "HTTP API port on 127.0.0.1 (0: free port)." };
        var data = new Option<string>("--data") { Description = "Data directory (SQLite store, watcher cursors).", Required = true };
        var fromBlock = new Option<ulong>("--from-block") { Description = "Block to follow the adjudicator's events from (its deployment block)." };
        var command = new Command("node", "Run a participant node: peer port plus a local HTTP JSON API.")
        {
            key, rpc, adjudicator, app, peerPort, apiPort, data, fromBlock,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var hex = parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable)
                ?? throw new ArgumentException($"No key: give --key or set {KeyVariable}.");
            var settings = new NodeSettings(PrivateKey.Parse(hex), parse.GetValue(rpc)!, Address.Parse(parse.GetValue(adjudicator)!),
                Address.Parse(parse.GetValue(app)!), parse.GetValue(peerPort), parse.GetValue(apiPort), parse.GetValue(data)!, parse.GetValue(fromBlock));
            await using var node = await ParleyNode.StartAsync(settings, cancellationToken);
            await using var api = NodeApi.Build(node, settings.ApiPort);
            await api.StartAsync(cancellationToken);
            Console.WriteLine($"node {settings.Key.Address} peer {node.PeerEndPoint} api {api.Urls.First()}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopping node");
            }
            await api.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}

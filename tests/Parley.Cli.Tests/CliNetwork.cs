using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Parley.Cli.Tests;

/// <summary>
/// A <c>parley devchain</c> and two <c>parley node</c> processes (Alice dials, Bob listens on a known peer port), each
/// node with its own data folder and API port; disposing terminates all three, waits for them, logs the nodes' output and
/// deletes the folders.
/// </summary>
internal sealed class CliNetwork : IAsyncDisposable
{
    private readonly Action<string> _log;
    private readonly string _data;

    private CliNetwork(Action<string> log, string data, CliProcess devchain)
    {
        _log = log;
        _data = data;
        Devchain = devchain;
    }

    public CliProcess Devchain { get; }

    public DevChainInfo Chain { get; private set; } = null!;

    public CliProcess Alice { get; private set; } = null!;

    public CliProcess Bob { get; private set; } = null!;

    /// <summary>Alice's node API, <c>http://127.0.0.1:port</c>.</summary>
    public string NodeA { get; private set; } = "";

    /// <summary>Bob's node API.</summary>
    public string NodeB { get; private set; } = "";

    /// <summary>Bob's peer port on 127.0.0.1.</summary>
    public int PeerB { get; private set; }

    /// <summary>
    /// Starts <c>parley devchain DEVCHAIN-ARGS</c>, then Alice's and Bob's nodes on dev accounts <paramref name="alice"/> and
    /// <paramref name="bob"/> with <paramref name="nodeArgs"/> added, and waits for each node's line starting with
    /// <paramref name="ready"/>.
    /// </summary>
    public static async Task<CliNetwork> StartAsync(Action<string> log, int alice, int bob, TimeSpan limit,
        string[]? devchainArgs = null, string[]? nodeArgs = null, string ready = "node ")
    {
        var network = new CliNetwork(log, Directory.CreateTempSubdirectory("parley-cli-test-").FullName, CliProcess.Start(["devchain", .. devchainArgs ?? []]));
        try
        {
            network.Chain = await DevChainInfo.ReadAsync(network.Devchain, limit);
            var (apiA, apiB) = (FreePort(), FreePort());
            network.PeerB = FreePort();
            network.Alice = network.StartNode(alice, apiA, 0, "a", nodeArgs);
            network.Bob = network.StartNode(bob, apiB, network.PeerB, "b", nodeArgs);
            await network.Alice.WaitForLineAsync(l => l.StartsWith(ready, StringComparison.Ordinal), limit);
            await network.Bob.WaitForLineAsync(l => l.StartsWith(ready, StringComparison.Ordinal), limit);
            network.NodeA = $"http://127.0.0.1:{apiA}";
            network.NodeB = $"http://127.0.0.1:{apiB}";
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private CliProcess StartNode(int account, int apiPort, int peerPort, string folder, string[]? extra) =>
        CliProcess.Start(["node", "--rpc", Chain.Rpc.ToString(), "--adjudicator", Chain.Adjudicator.ToString(), "--app-address", Chain.App.ToString(),
            "--peer-port", peerPort.ToString(CultureInfo.InvariantCulture), "--api-port", apiPort.ToString(CultureInfo.InvariantCulture),
            "--data", Path.Combine(_data, folder), "--from-block", "1", .. extra ?? []],
            new Dictionary<string, string> { ["PARLEY_KEY"] = Chain.Accounts[account].PrivateKeyHex });

    /// <summary>A port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        CliProcess?[] processes = [Alice, Bob, Devchain];
        foreach (var process in processes)
        {
            process?.Terminate();
        }
        foreach (var process in processes)
        {
            if (process is not null)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
        }
        if (Alice is not null)
        {
            _log("alice: " + string.Join('\n', Alice.Stdout.Concat(Alice.Stderr)));
        }
        if (Bob is not null)
        {
            _log("bob: " + string.Join('\n', Bob.Stdout.Concat(Bob.Stderr)));
        }
        foreach (var process in processes)
        {
            process?.Dispose();
        }
        Directory.Delete(_data, recursive: true);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Parley.Chain;
using Xunit.Abstractions;

namespace Parley.Cli.Tests;

/// <summary><c>parley devchain --port/--chain-id/--block-time/--app/--json</c> and <c>parley node --app</c>, as processes.</summary>
public sealed class CliDevChainOptionsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private static string Machines => Path.Combine(AppContext.BaseDirectory, "Parley.Examples.Machines.dll");

    [Fact]
    public async Task Devchain_listens_on_the_given_port_with_the_given_chain_id_and_a_busy_port_is_one_error_line()
    {
        var port = CliNetwork.FreePort();
        using var devchain = CliProcess.Start(["devchain", "--port", port.ToString(CultureInfo.InvariantCulture), "--chain-id", "1337", "--json"]);
        try
        {
            var report = JsonNode.Parse(await devchain.WaitForLineAsync(l => l.StartsWith('{'), Limit))!.AsObject();
            Assert.Equal($"http://127.0.0.1:{port}/", report["rpc"]!.GetValue<string>());
            Assert.Equal(1337UL, report["chainId"]!.GetValue<ulong>());
            Assert.Null(report["blockTime"]);
            Assert.Equal("TicTacToe", Assert.Single(report["apps"]!.AsArray())!["name"]!.GetValue<string>());
            Assert.Equal(10, report["accounts"]!.AsArray().Count);
            using (var rpc = new JsonRpcClient(new Uri($"http://127.0.0.1:{port}/")))
            {
                Assert.Equal(1337UL, await rpc.ChainIdAsync());
                Assert.NotEmpty(await rpc.GetCodeAsync(Address.Parse(report["adjudicator"]!["address"]!.GetValue<string>())));
            }
            Assert.Single(devchain.Stdout);   // --json: the one JSON line, nothing else

            using var second = await CliProcess.RunAsync("devchain", "--port", port.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(1, second.ExitCode);
            var line = Assert.Single(second.Stderr);
            Assert.StartsWith($"error: Port {port} on 127.0.0.1 is already in use", line);
            Assert.Empty(second.Stdout);
        }
        finally
        {
            devchain.Terminate();
            await devchain.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }
        Assert.Equal(0, devchain.ExitCode);
        Assert.Single(devchain.Stdout);   // no "stopping" line in JSON mode
    }

    [Fact]
    public async Task Devchain_deploys_the_state_machines_of_an_app_assembly_mines_by_interval_and_a_node_loads_them()
    {
        using var devchain = CliProcess.Start(["devchain", "--app", Machines, "--block-time", "1"]);
        var data = Directory.CreateTempSubdirectory("parley-cli-test-").FullName;
        try
        {
            var chain = await DevChainInfo.ReadAsync(devchain, Limit);
            output.WriteLine(string.Join('\n', devchain.Stdout));
            Assert.Contains("mining       a block every 1 s", devchain.Stdout);
            var apps = devchain.Stdout.Where(l => l.StartsWith("app ", StringComparison.Ordinal))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToDictionary(p => p[2], p => Address.Parse(p[1]));
            Assert.Equal(["ArithmeticProbe", "BettingPot", "BoundedCounter", "RockPaperScissors", "TicTacToe"], apps.Keys.Order(StringComparer.Ordinal));
            using var rpc = new JsonRpcClient(chain.Rpc);
            foreach (var address in apps.Values)
            {
                Assert.NotEmpty(await rpc.GetCodeAsync(address));
            }
            var block = await rpc.BlockNumberAsync();
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.True(await rpc.BlockNumberAsync() >= block + 2, "interval mining: a block every second without transactions");

            // A node loads the same assembly: its machines are registered, listed after the node line.
            using var node = CliProcess.Start(["node", "--rpc", chain.Rpc.ToString(), "--adjudicator", chain.Adjudicator.ToString(),
                "--app-address", chain.App.ToString(), "--data", data, "--app", Machines],
                new Dictionary<string, string> { ["PARLEY_KEY"] = chain.Accounts[5].PrivateKeyHex });
            var listed = await node.WaitForLineAsync(l => l.StartsWith("apps ", StringComparison.Ordinal), Limit);
            Assert.Equal("apps ArithmeticProbe BettingPot BoundedCounter RockPaperScissors", listed);
            Assert.StartsWith($"node {chain.Accounts[5].Address} peer 127.0.0.1:", node.Stdout[0]);
            node.Terminate();
            await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, node.ExitCode);
        }
        finally
        {
            devchain.Terminate();
            await devchain.WaitForExitAsync(TimeSpan.FromSeconds(20));
            Directory.Delete(data, recursive: true);
        }
        Assert.Equal(0, devchain.ExitCode);
    }

    [Fact]
    public async Task An_app_assembly_without_state_machines_or_a_file_that_is_no_assembly_is_one_error_line()
    {
        using var empty = await CliProcess.RunAsync("devchain", "--app", Path.Combine(AppContext.BaseDirectory, "Parley.TestSupport.dll"));
        Assert.Equal(1, empty.ExitCode);
        Assert.Equal("error: --app " + Path.Combine(AppContext.BaseDirectory, "Parley.TestSupport.dll")
            + ": the assembly Parley.TestSupport registers no state machine (no [StateMachine] class built with Parley's generator).", Assert.Single(empty.Stderr));
        Assert.Empty(empty.Stdout);

        var text = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(text, "not an assembly");
            using var bogus = await CliProcess.RunAsync("devchain", "--app", text);
            Assert.Equal(1, bogus.ExitCode);
            Assert.StartsWith($"error: --app {text}: not a .NET assembly", Assert.Single(bogus.Stderr));
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public async Task Nodes_loading_an_app_assembly_open_and_play_a_channel_of_one_of_its_machines()
    {
        await using var net = await CliNetwork.StartAsync(output.WriteLine, 1, 2, Limit, devchainArgs: ["--app", Machines], nodeArgs: ["--app", Machines],
            ready: "apps ");
        var (chain, nodeA, nodeB, peerB) = (net.Chain, net.NodeA, net.NodeB, net.PeerB);
        var counter = net.Devchain.Stdout.Where(l => l.StartsWith("app ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(p => p[2] == "BoundedCounter")[1];

        // A machine other than tic-tac-toe needs its contract's address; an unknown machine is named with the known ones.
        using var noAddress = await CliProcess.RunAsync("channel", "open", "--node", nodeA, "--peer", chain.Accounts[2].Address.ToString(),
            "--stake", "1000", "--machine", "BoundedCounter");
        Assert.Equal(1, noAddress.ExitCode);
        Assert.Contains("\"appDefinition\"", Assert.Single(noAddress.Stderr));
        using var unknown = await CliProcess.RunAsync("channel", "open", "--node", nodeA, "--peer", chain.Accounts[2].Address.ToString(),
            "--stake", "1000", "--machine", "Chess", "--app-address", counter);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no state machine 'Chess'", Assert.Single(unknown.Stderr));
        Assert.Contains("BoundedCounter", unknown.Stderr[0]);

        var open = JsonNode.Parse(await Ok("channel", "open", "--node", nodeA, "--peer", chain.Accounts[2].Address.ToString(),
            "--endpoint", $"127.0.0.1:{peerB}", "--stake", "1000", "--machine", "BoundedCounter", "--app-address", counter))!;
        Assert.Equal("BoundedCounter", open["machine"]!.GetValue<string>());
        Assert.Equal("2000", open["onChain"]!["held"]!.GetValue<string>());
        Assert.Null(open["appState"]);
        var id = open["channelId"]!.GetValue<string>();
        var mover = open["nextMover"]!.GetValue<int>() == 0 ? nodeA : nodeB;

        using var played = await CliProcess.RunAsync("channel", "act", "--node", mover, id, "--play", "4");
        Assert.Equal(1, played.ExitCode);
        Assert.Contains("runs BoundedCounter", Assert.Single(played.Stderr));

        var moved = JsonNode.Parse(await Ok("channel", "act", "--node", mover, id,
            "--calldata", "0x" + Convert.ToHexStringLower(Parley.Examples.Machines.BoundedCounter.Actions.Add(5))))!;
        var appData = Convert.FromHexString(moved["appData"]!.GetValue<string>()[2..]);
        Assert.Equal(5, Parley.Examples.Machines.BoundedCounter.Definition.Decode(appData).Value);
        Assert.Equal(open["turn"]!.GetValue<ulong>() + 1, moved["turn"]!.GetValue<ulong>());
    }

    private Task<string> Ok(params string[] args) => CliProcess.JsonOkAsync(output.WriteLine, args);
}

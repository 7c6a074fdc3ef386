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
        var port = FreePort();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

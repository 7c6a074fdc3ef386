using System.Net;
using System.Net.Sockets;
using Parley.Chain;
using Xunit.Abstractions;

namespace Parley.Cli.Tests;

/// <summary>The <c>parley</c> CLI as a user runs it: separate processes, the embedded dev chain, two nodes and the
/// channel commands talking to their HTTP APIs.</summary>
public sealed class CliTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("bogus")]
    [InlineData("devchain", "--nope")]
    [InlineData("channel", "status", "--node", "not a url", "0x00")]
    [InlineData("channel", "act", "--node", "http://127.0.0.1:1", "0x00")]   // neither --play nor --calldata
    [InlineData("devchain", "--port", "70000")]
    [InlineData("devchain", "--port", "0")]
    [InlineData("devchain", "--block-time", "0")]
    [InlineData("devchain", "--app", "/nonexistent/Nope.dll")]
    [InlineData("node", "--app", "/nonexistent/Nope.dll", "--rpc", "http://127.0.0.1:1", "--adjudicator", "0x00", "--app-address", "0x00", "--data", "/tmp")]
    public async Task Bad_usage_gives_one_error_line_and_exit_code_2(params string[] args)
    {
        using var cli = await CliProcess.RunAsync(args);
        var line = Assert.Single(cli.Stderr);
        Assert.StartsWith("error: ", line);
        Assert.Equal(2, cli.ExitCode);
        Assert.Empty(cli.Stdout);
    }

    [Fact]
    public async Task An_unreachable_node_gives_one_error_line_and_exit_code_1()
    {
        using var cli = await CliProcess.RunAsync("channel", "status", "--node", $"http://127.0.0.1:{CliNetwork.FreePort()}", "0x" + new string('1', 64));
        var line = Assert.Single(cli.Stderr);
        Assert.StartsWith("error: cannot reach the node", line);
        Assert.Equal(1, cli.ExitCode);
    }

    [Fact]
    public async Task Devchain_answers_rpc_and_stops_anvil_on_sigterm()
    {
        using var devchain = CliProcess.Start(["devchain"]);
        var chain = await DevChainInfo.ReadAsync(devchain, Limit);
        using (var rpc = new JsonRpcClient(chain.Rpc))
        {
            Assert.Equal(31337UL, await rpc.ChainIdAsync());
            Assert.NotEmpty(await rpc.GetCodeAsync(chain.Adjudicator));
            Assert.NotEmpty(await rpc.GetCodeAsync(chain.App));
            Assert.True(await rpc.GetBalanceAsync(chain.Accounts[1].Address) > UInt256.Zero);
        }
        devchain.Terminate();
        await devchain.WaitForExitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine(string.Join('\n', devchain.Stdout));
        Assert.Equal(0, devchain.ExitCode);
        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, chain.Rpc.Port));   // anvil is gone
    }

    [Fact]
    public async Task Two_nodes_open_play_and_challenge_and_a_revert_shows_its_custom_error()
    {
        await using var net = await CliNetwork.StartAsync(output.WriteLine, 1, 2, Limit);
        var (chain, nodeA, nodeB, peerB) = (net.Chain, net.NodeA, net.NodeB, net.PeerB);
        var open = await Ok("channel", "open", "--node", nodeA, "--peer", chain.Accounts[2].Address.ToString(), "--endpoint", $"127.0.0.1:{peerB}",
            "--stake", "1000000000000000000", "--challenge-window", "100");
        var id = Field(open, "channelId");
        Assert.Contains("\"held\": \"2000000000000000000\"", open);   // both stakes deposited

        Assert.Contains("\"board\": \"....X....\"", await Ok("channel", "act", "--node", nodeA, id, "--play", "4"));
        var notMyTurn = await CliProcess.RunAsync("channel", "act", "--node", nodeA, id, "--play", "0");
        Assert.Equal(1, notMyTurn.ExitCode);
        Assert.Contains("NotYourTurn", Assert.Single(notMyTurn.Stderr));
        Assert.Contains("\"board\": \"O...X....\"", await Ok("channel", "act", "--node", nodeB, id, "--play", "0"));

        var challenged = await Ok("channel", "challenge", "--node", nodeA, id);
        Assert.Contains("\"status\": \"challenge\"", challenged);
        Assert.Contains("\"turnNumRecord\": 2", challenged);

        // The same turn again: the adjudicator's StaleTurnNum custom error, decoded, on one line.
        using var again = await CliProcess.RunAsync("channel", "challenge", "--node", nodeA, id);
        Assert.Equal(1, again.ExitCode);
        var line = Assert.Single(again.Stderr);
        Assert.StartsWith("error: ", line);
        Assert.Contains("StaleTurnNum", line);
        Assert.Contains("TurnNumRecord 2, TurnNum 2", line);

        using var unknown = await CliProcess.RunAsync("channel", "status", "--node", nodeB, "0x" + new string('7', 64));
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error: This node has no channel 0x7777", Assert.Single(unknown.Stderr));
        using var badCalldata = await CliProcess.RunAsync("channel", "act", "--node", nodeB, id, "--calldata", "0xzz");
        Assert.Equal(1, badCalldata.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(badCalldata.Stderr));

        var status = await Ok("channel", "status", "--node", nodeB, id);
        Assert.Contains("\"status\": \"challenge\"", status);
        Assert.Contains("\"turn\": 2", status);

        // Without --json and with stdout redirected: plain "path value" lines, one per field.
        using var plain = await CliProcess.RunAsync("channel", "status", "--node", nodeB, id);
        Assert.Equal(0, plain.ExitCode);
        var fields = plain.Stdout.Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(id, fields["channelId"]);
        Assert.Equal("1", fields["myIndex"]);
        Assert.Equal("2", fields["turn"]);
        Assert.Equal("O...X....", fields["appState.board"]);
        Assert.Equal("challenge", fields["onChain.status"]);
        Assert.Equal("2", fields["onChain.turnNumRecord"]);
        Assert.Equal("2000000000000000000", fields["onChain.held"]);
        Assert.Equal("1000000000000000000 1000000000000000000", fields["outcome[0].balances"]);
        Assert.Equal($"{chain.Accounts[1].Address} {chain.Accounts[2].Address}", fields["participants"]);
    }

    [Fact]
    public async Task A_game_played_to_a_win_closes_cooperatively_and_pays_out()
    {
        await using var net = await CliNetwork.StartAsync(output.WriteLine, 3, 4, Limit);
        var (chain, nodeA, nodeB, peerB) = (net.Chain, net.NodeA, net.NodeB, net.PeerB);
        var id = Field(await Ok("channel", "open", "--node", nodeA, "--peer", chain.Accounts[4].Address.ToString(), "--endpoint", $"127.0.0.1:{peerB}",
            "--stake", "1000000000000000000"), "channelId");
        foreach (var (node, cell) in new[] { (nodeA, 0), (nodeB, 3), (nodeA, 1), (nodeB, 4) })
        {
            await Ok("channel", "act", "--node", node, id, "--play", cell.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var win = await Ok("channel", "act", "--node", nodeA, id, "--calldata", "0x" + Convert.ToHexStringLower(Parley.Examples.TicTacToe.Actions.Play(2)));
        Assert.Contains("\"winner\": \"X\"", win);
        var closed = await Ok("channel", "close", "--node", nodeA, id);
        Assert.Contains("\"phase\": \"Concluded\"", closed);
        Assert.Contains("\"held\": \"0\"", closed);   // concludeAndWithdraw paid both stakes out
        Assert.Contains("\"gasUsed\"", closed);
        Assert.Contains("\"2000000000000000000\"", closed);   // X's balance in the final outcome
    }

    /// <summary>Runs a channel command with <c>--json</c> and returns its stdout (the node's answer, indented).</summary>
    private Task<string> Ok(params string[] args) => CliProcess.JsonOkAsync(output.WriteLine, args);

    private static string Field(string json, string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)![name]!.GetValue<string>();
}

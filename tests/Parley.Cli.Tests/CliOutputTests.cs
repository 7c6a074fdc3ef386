using System.Text.Json.Nodes;
using Parley.Chain;
using Parley.Cli.Output;
using Spectre.Console;

namespace Parley.Cli.Tests;

/// <summary>The output views in-process: plain lines, JSON, and the Spectre.Console tables rendered into a fixed-width
/// console without colour.</summary>
public sealed class CliOutputTests
{
    private const string Alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    private static readonly JsonObject Status = JsonNode.Parse($$"""
        {
          "channelId": "0x{{new string('a', 64)}}",
          "participants": ["{{Alice}}", "{{Bob}}"],
          "myIndex": 0,
          "phase": "Running",
          "turn": 5,
          "isFinal": true,
          "nextMover": null,
          "appState": { "board": "XOO.X...X", "winner": "X" },
          "outcome": [ { "asset": "0x0000000000000000000000000000000000000000", "balances": ["2000000000000000000", "0"] } ],
          "onChain": { "held": "2000000000000000000", "turnNumRecord": 4, "finalizesAt": 1700000600, "status": "challenge" },
          "transaction": { "hash": "0x{{new string('b', 64)}}", "block": 12, "gasUsed": 80123 },
          "signatures": 2
        }
        """)!.AsObject();

    [Fact]
    public void Channel_status_plain_is_one_path_value_line_per_field_in_order()
    {
        var writer = new StringWriter();
        new ChannelStatusView(Status).Write(new Terminal(OutputMode.Plain, writer, Silent()));
        Assert.Equal(
        [
            "channelId             0x" + new string('a', 64),
            $"participants          {Alice} {Bob}",
            "myIndex               0",
            "phase                 Running",
            "turn                  5",
            "isFinal               true",
            "nextMover             -",
            "appState.board        XOO.X...X",
            "appState.winner       X",
            "outcome[0].asset      0x0000000000000000000000000000000000000000",
            "outcome[0].balances   2000000000000000000 0",
            "onChain.held          2000000000000000000",
            "onChain.turnNumRecord 4",
            "onChain.finalizesAt   1700000600",
            "onChain.status        challenge",
            "transaction.hash      0x" + new string('b', 64),
            "transaction.block     12",
            "transaction.gasUsed   80123",
            "signatures            2",
        ], writer.ToString().TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Channel_status_json_is_the_answer_indented()
    {
        var writer = new StringWriter();
        new ChannelStatusView(Status).Write(new Terminal(OutputMode.Json, writer, Silent()));
        Assert.True(JsonNode.DeepEquals(Status, JsonNode.Parse(writer.ToString())));
        Assert.Contains("\n  \"turn\": 5,", writer.ToString());
    }

    [Fact]
    public void Channel_status_rich_shows_off_chain_on_chain_and_transaction_tables()
    {
        var (console, text) = Rich(80);
        new ChannelStatusView(Status).Write(new Terminal(OutputMode.Rich, TextWriter.Null, console));
        var rendered = text.ToString();
        Assert.All(rendered.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, $"wider than 80 columns: {l}"));
        Assert.Contains("Channel 0x" + new string('a', 64), rendered);
        Assert.Contains("0x" + new string('b', 64), rendered);   // the transaction hash, whole
        Assert.Contains("Off chain", rendered);
        Assert.Contains("On chain", rendered);
        Assert.Contains("Transaction", rendered);
        Assert.Contains($"0  {Alice}  (this node)", rendered);
        Assert.Contains($"1  {Bob}", rendered);
        Assert.Contains("X O O", rendered);   // the board as a 3×3 grid
        Assert.Contains("0: 2000000000000000000 wei", rendered);
        Assert.Contains("2000000000000000000 wei", rendered);
        Assert.Contains("turnNumRecord", rendered);
        Assert.Contains("signatures", rendered);   // a field the view does not know is still shown
        Assert.DoesNotContain("\u001b[", rendered);
    }

    [Fact]
    public void Devchain_plain_json_and_rich_reports_carry_every_account_and_contract()
    {
        var accounts = new[]
        {
            new DevAccount(Address.Parse(Alice), "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
            new DevAccount(Address.Parse(Bob), "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        };
        var app = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
        var view = new DevChainView(new Uri("http://127.0.0.1:8545/"), 31337, 2, Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), 1,
            [new("TicTacToe", app)], accounts);

        var plain = new StringWriter();
        view.Write(new Terminal(OutputMode.Plain, plain, Silent()));
        var lines = plain.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal("rpc          http://127.0.0.1:8545/", lines[0]);
        Assert.Equal("chain-id     31337", lines[1]);
        Assert.Equal("mining       a block every 2 s", lines[2]);
        Assert.Equal($"app          {app}  TicTacToe", lines[4]);
        Assert.Equal($"1   {Bob}  {accounts[1].PrivateKeyHex}", lines[^3]);
        Assert.Equal(DevChainView.ReadyLine, lines[^1]);

        var json = new StringWriter();
        view.Write(new Terminal(OutputMode.Json, json, Silent()));
        var report = JsonNode.Parse(json.ToString())!;
        Assert.Single(json.ToString().TrimEnd('\n').Split('\n'));
        Assert.Equal(2UL, report["blockTime"]!.GetValue<ulong>());
        Assert.Equal(accounts[1].PrivateKeyHex, report["accounts"]![1]!["privateKey"]!.GetValue<string>());
        Assert.Equal(app.ToString(), report["apps"]![0]!["address"]!.GetValue<string>());

        var (console, text) = Rich(80);
        view.Write(new Terminal(OutputMode.Rich, TextWriter.Null, console));
        var rendered = text.ToString();
        Assert.All(rendered.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, $"wider than 80 columns: {l}"));
        foreach (var account in accounts)
        {
            Assert.Contains(account.Address.ToString(), rendered);   // addresses and keys are never wrapped or cut
            Assert.Contains(account.PrivateKeyHex, rendered);
        }
        Assert.Contains("http://127.0.0.1:8545/", rendered);
        Assert.Contains(app.ToString(), rendered);
        Assert.Contains(DevChainView.ReadyLine, rendered);
    }

    [Fact]
    public async Task A_spinner_shows_only_in_the_rich_mode_and_returns_the_steps_result()
    {
        var plain = new StringWriter();
        var (console, text) = Rich(80);
        Assert.Equal(7, await new Terminal(OutputMode.Plain, plain, console).StatusAsync("mining…", () => Task.FromResult(7)));
        Assert.Equal(8, await new Terminal(OutputMode.Json, plain, console).StatusAsync("mining…", () => Task.FromResult(8)));
        Assert.Equal("", plain.ToString());
        Assert.Equal("", text.ToString());
        await Assert.ThrowsAsync<TimeoutException>(() => new Terminal(OutputMode.Rich, plain, console).StatusAsync<int>("mining…", () => throw new TimeoutException()));
    }

    private static IAnsiConsole Silent() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });

    private static (IAnsiConsole Console, StringWriter Text) Rich(int width)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width;
        return (console, text);
    }
}

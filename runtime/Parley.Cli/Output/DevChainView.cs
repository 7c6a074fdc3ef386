using System.Globalization;
using System.Text.Json.Nodes;
using Parley.Chain;
using Parley.Deployment;
using Spectre.Console;

namespace Parley.Cli.Output;

/// <summary>
/// What <c>parley devchain</c> reports once the chain is up: the RPC URL, chain id, how blocks are mined, the adjudicator
/// and each app contract (name, address) and the funded dev accounts with their (test-only) keys.
/// </summary>
/// <param name="Rpc">The JSON-RPC URL.</param>
/// <param name="ChainId">The chain id (<c>eth_chainId</c>).</param>
/// <param name="BlockTimeSeconds">Interval mining every this many seconds; null for automine (a block per transaction).</param>
/// <param name="Adjudicator">The adjudicator's address.</param>
/// <param name="AdjudicatorBlock">The block the adjudicator was deployed in.</param>
/// <param name="Apps">The app contracts deployed: state machine id and address, ordered by id.</param>
/// <param name="Accounts">The funded dev accounts (anvil's), in anvil's order.</param>
internal sealed record DevChainView(Uri Rpc, ulong ChainId, ulong? BlockTimeSeconds, Address Adjudicator, ulong AdjudicatorBlock,
    IReadOnlyList<KeyValuePair<string, Address>> Apps, IReadOnlyList<DevAccount> Accounts) : IOutputView
{
    /// <summary>The line that ends the plain report (scripts wait for it).</summary>
    public const string ReadyLine = "ready — Ctrl-C to stop";

    /// <summary>The report of a started <paramref name="chain"/>.</summary>
    public static DevChainView Of(DevChain chain, ulong? blockTimeSeconds) =>
        new(chain.RpcUrl, chain.ChainId, blockTimeSeconds, chain.Adjudicator.Address, chain.AdjudicatorBlock,
            [.. chain.Apps.OrderBy(a => a.Key, StringComparer.Ordinal)], chain.DevAccounts);

    /// <summary>Writes the report in the terminal's mode: tables (rich), <c>name value</c> lines ending with
    /// <see cref="ReadyLine"/> (plain), or one JSON object on one line (JSON).</summary>
    public void Write(Terminal terminal) => terminal.Write(this);

    /// <inheritdoc/>
    public string ToJsonText() => ToJson().ToJsonString();

    /// <summary>The plain report: <c>rpc</c>, <c>chain-id</c>, <c>mining</c>, <c>adjudicator</c> and one <c>app</c> line
    /// each, then the accounts as <c>index address key</c> rows, then <see cref="ReadyLine"/>.</summary>
    public void WritePlain(TextWriter writer)
    {
        writer.WriteLine($"rpc          {Rpc}");
        writer.WriteLine($"chain-id     {ChainId.ToString(CultureInfo.InvariantCulture)}");
        writer.WriteLine($"mining       {Mining}");
        writer.WriteLine($"adjudicator  {Adjudicator}  (deployed in block {AdjudicatorBlock.ToString(CultureInfo.InvariantCulture)})");
        foreach (var (name, address) in Apps)
        {
            writer.WriteLine($"app          {address}  {name}");
        }
        writer.WriteLine();
        writer.WriteLine($"{"#",-3} {"address",-42}  private key (test keys only)");
        for (var i = 0; i < Accounts.Count; i++)
        {
            writer.WriteLine($"{i.ToString(CultureInfo.InvariantCulture),-3} {Accounts[i].Address,-42}  {Accounts[i].PrivateKeyHex}");
        }
        writer.WriteLine();
        writer.WriteLine(ReadyLine);
    }

    /// <summary>The JSON report: <c>{"rpc", "chainId", "blockTime" (seconds or null), "adjudicator": {"address",
    /// "block"}, "apps": [{"name", "address"}], "accounts": [{"address", "privateKey"}]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["rpc"] = Rpc.ToString(),
        ["chainId"] = ChainId,
        ["blockTime"] = BlockTimeSeconds,
        ["adjudicator"] = new JsonObject { ["address"] = Adjudicator.ToString(), ["block"] = AdjudicatorBlock },
        ["apps"] = new JsonArray([.. Apps.Select(a => (JsonNode)new JsonObject { ["name"] = a.Key, ["address"] = a.Value.ToString() })]),
        ["accounts"] = new JsonArray([.. Accounts.Select(a => (JsonNode)new JsonObject { ["address"] = a.Address.ToString(), ["privateKey"] = a.PrivateKeyHex })]),
    };

    /// <summary>The rich report: a chain table, a contracts table and a dev accounts table, then the ready line.</summary>
    public void Render(IAnsiConsole console)
    {
        var chain = new Table().Border(TableBorder.Rounded).Title("[bold]Parley dev chain[/]").HideHeaders()
            .AddColumn("field").AddColumn("value");
        chain.AddRow(new Text("RPC URL"), new Text(Rpc.ToString(), new Style(Color.Aqua)));
        chain.AddRow(new Text("chain id"), new Text(ChainId.ToString(CultureInfo.InvariantCulture)));
        chain.AddRow(new Text("mining"), new Text(Mining));
        console.Write(chain);

        var contracts = new Table().Border(TableBorder.Rounded).Title("[bold]Contracts[/]")
            .AddColumn("contract").AddColumn("address").AddColumn("deployed in block");
        contracts.AddRow(new Text("adjudicator"), new Text(Adjudicator.ToString()), new Text(AdjudicatorBlock.ToString(CultureInfo.InvariantCulture)));
        foreach (var (name, address) in Apps)
        {
            contracts.AddRow(new Text(name), new Text(address.ToString()), new Text(""));
        }
        console.Write(contracts);

        // Address and key on two lines of one cell: 66 characters wide, so the table fits an 80-column terminal.
        var accounts = new Table().Border(TableBorder.Rounded).Title("[bold]Dev accounts[/] [dim](test keys only — never on a real chain)[/]")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("address / [grey]private key[/]");
        for (var i = 0; i < Accounts.Count; i++)
        {
            accounts.AddRow(new Text(i.ToString(CultureInfo.InvariantCulture)),
                new Markup($"{Accounts[i].Address}\n[grey]{Markup.Escape(Accounts[i].PrivateKeyHex)}[/]"));
        }
        console.Write(accounts);
        console.MarkupLine("[green]" + Markup.Escape(ReadyLine) + "[/]");
    }

    private string Mining => BlockTimeSeconds is { } seconds
        ? $"a block every {seconds.ToString(CultureInfo.InvariantCulture)} s"
        : "automine (a block per transaction)";
}

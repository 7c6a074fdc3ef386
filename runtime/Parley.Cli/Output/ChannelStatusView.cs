using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Parley.Cli.Output;

/// <summary>
/// A node's answer about a channel (<c>GET /channels/{id}</c> and the answers of open, act, close and challenge;
/// docs/cli.md): in the rich mode an off-chain table (turn, phase, next mover, app state, outcome), an on-chain table
/// (status, turnNumRecord, finalizesAt, holdings) and the transaction when there is one; in the plain mode one
/// <c>path value</c> line per field (<c>onChain.status challenge</c>); in the JSON mode the answer as the node gave it,
/// indented. Fields this view does not know are still shown (plain and rich), so a node that adds fields loses nothing.
/// </summary>
internal sealed class ChannelStatusView(JsonObject answer) : IOutputView
{
    private const int KeyWidth = 22;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The node's answer.</summary>
    public JsonObject Answer { get; } = answer;

    /// <summary>Writes the answer in the terminal's mode.</summary>
    public void Write(Terminal terminal) => terminal.Write(this);

    /// <inheritdoc/>
    public string ToJsonText() => Answer.ToJsonString(Indented);

    /// <summary>One <c>path value</c> line per scalar field, in the answer's order: nested objects as dotted paths
    /// (<c>onChain.held</c>), arrays of objects indexed (<c>outcome[0].asset</c>), arrays of scalars as one
    /// space-separated value, null as <c>-</c>.</summary>
    public void WritePlain(TextWriter writer)
    {
        foreach (var (path, value) in Flatten(Answer, ""))
        {
            writer.WriteLine(path.Length < KeyWidth ? path.PadRight(KeyWidth) + value : path + " " + value);
        }
    }

    /// <summary>The rich view: the off-chain table, the on-chain table, and the transaction when present.</summary>
    public void Render(IAnsiConsole console)
    {
        // The id (66 characters) on its own line: in a table row it would not fit 80 columns.
        console.MarkupLine($"[bold]Channel[/] {Markup.Escape(Answer["channelId"]?.ToString() ?? "?")}");
        var offChain = KeyValueTable("[bold]Off chain[/]");
        var me = Answer["myIndex"] is JsonValue mine && mine.TryGetValue<int>(out var index) ? index : -1;
        if (Answer["participants"] is JsonArray participants)
        {
            for (var i = 0; i < participants.Count; i++)
            {
                offChain.AddRow(new Text(i == 0 ? "participants" : ""), new Markup(
                    $"{i.ToString(CultureInfo.InvariantCulture)}  {Markup.Escape(participants[i]?.ToString() ?? "-")}{(i == me ? "  [green](this node)[/]" : "")}"));
            }
        }
        foreach (var (name, node) in Answer)
        {
            switch (name)
            {
                case "channelId" or "participants" or "myIndex" or "onChain" or "transaction":
                    break;
                case "appState" when node is JsonObject app:
                    foreach (var (field, value) in app)
                    {
                        offChain.AddRow(new Text(field), field == "board" && value?.ToString() is { Length: 9 } board ? Board(board) : new Text(Scalar(value)));
                    }
                    break;
                case "outcome" when node is JsonArray assets:
                    foreach (var asset in assets.OfType<JsonObject>())
                    {
                        var balances = asset["balances"] as JsonArray ?? [];
                        var lines = balances.Select((b, i) => $"{i.ToString(CultureInfo.InvariantCulture)}: {Scalar(b)} wei");
                        offChain.AddRow(new Text("outcome " + (asset["asset"]?.ToString() is "0x0000000000000000000000000000000000000000" ? "(ETH)" : Scalar(asset["asset"]))),
                            new Text(string.Join('\n', lines)));
                    }
                    break;
                default:
                    foreach (var (path, value) in Flatten(node, name))
                    {
                        offChain.AddRow(new Text(path), new Text(value));
                    }
                    break;
            }
        }
        console.Write(offChain);
        if (Answer["onChain"] is JsonObject onChain)
        {
            console.Write(Table("[bold]On chain[/]", onChain, "held", "wei"));
        }
        if (Answer["transaction"] is JsonObject transaction)
        {
            console.Write(Table("[bold]Transaction[/]", transaction, null, null));
        }
    }

    private static Table Table(string title, JsonObject fields, string? weiField, string? unit)
    {
        var table = KeyValueTable(title);
        foreach (var (path, value) in Flatten(fields, ""))
        {
            table.AddRow(new Text(path), new Text(path == weiField && value != "-" ? $"{value} {unit}" : value));
        }
        return table;
    }

    private static Table KeyValueTable(string title) =>
        new Table().Border(TableBorder.Rounded).Title(title).HideHeaders().AddColumn("field").AddColumn("value");

    private static IRenderable Board(string cells) =>
        new Text(string.Join('\n', Enumerable.Range(0, 3).Select(r => string.Join(' ', cells.Substring(r * 3, 3).ToCharArray()))), new Style(Color.Aqua));

    private static IEnumerable<(string Path, string Value)> Flatten(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var pair in Flatten(child, path.Length == 0 ? name : path + "." + name))
                    {
                        yield return pair;
                    }
                }
                break;
            case JsonArray array when array.Any(e => e is JsonObject or JsonArray):
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var pair in Flatten(array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]"))
                    {
                        yield return pair;
                    }
                }
                break;
            case JsonArray array:
                yield return (path, array.Count == 0 ? "-" : string.Join(' ', array.Select(Scalar)));
                break;
            default:
                yield return (path, Scalar(node));
                break;
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}

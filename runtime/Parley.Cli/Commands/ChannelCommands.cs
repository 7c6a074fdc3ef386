using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parley.Cli.Output;

namespace Parley.Cli.Commands;

/// <summary>
/// <c>parley channel open|act|close|challenge|status --node URL … [--json]</c>: thin clients of a node's HTTP JSON API
/// (<see cref="Node.NodeApi"/>). The node's answer about the channel is shown by <see cref="ChannelStatusView"/> (tables
/// on a terminal, with a spinner while the node works; plain lines when redirected; the node's JSON with
/// <c>--json</c>); a failure the node reports (<c>{"error": …}</c>, e.g. a reverted transaction's decoded custom error)
/// becomes the one <c>error:</c> line and exit code 1.
/// </summary>
internal static class ChannelCommands
{
    public static Command Create()
    {
        var node = CliRunner.UrlOption("--node", "The node's API, e.g. http://127.0.0.1:8545.");
        node.Recursive = true;
        var json = Terminal.JsonOption();
        json.Recursive = true;
        var channel = new Command("channel", "Open, act in, close, challenge and read channels through a node.") { node, json };
        Terminal Output(ParseResult parse) => Terminal.ForStdout(parse.GetValue(json));

        var peer = new Option<string>("--peer") { Description = "The counterparty's address.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "The counterparty node's peer endpoint, host:port." };
        var stake = new Option<string>("--stake") { Description = "Each side's stake in wei (decimal or 0x-hex).", Required = true };
        var window = new Option<ulong>("--challenge-window") { Description = "The challenge window in seconds.", DefaultValueFactory = _ => 600 };
        var machine = new Option<string?>("--machine") { Description = "The state machine's id (a [StateMachine] the node knows; default: the built-in TicTacToe)." };
        var appAddress = new Option<string?>("--app-address") { Description = "The machine's deployed app contract (required for machines other than tic-tac-toe)." };
        var open = new Command("open", "Propose a two-party channel, wait until both sides have signed and deposited.") { peer, endpoint, stake, window, machine, appAddress };
        open.SetAction((parse, ct) => PostAsync(Output(parse), "waiting for the countersignature and both deposits to be mined…", parse.GetValue(node)!, "channels", new JsonObject
        {
            ["peer"] = parse.GetValue(peer),
            ["endpoint"] = parse.GetValue(endpoint),
            ["stake"] = parse.GetValue(stake),
            ["challengeWindow"] = parse.GetValue(window),
            ["machine"] = parse.GetValue(machine),
            ["appDefinition"] = parse.GetValue(appAddress),
        }, ct));
        channel.Add(open);

        var play = new Option<int?>("--play") { Description = "Tic-tac-toe: the cell (0–8) to play." };
        var calldata = new Option<string?>("--calldata") { Description = "The action's calldata, 0x-hex." };
        var actId = Id();
        var act = new Command("act", "Make this node's move.") { actId, play, calldata };
        act.Validators.Add(r =>
        {
            if ((r.GetValue(play) is null) == (r.GetValue(calldata) is null))
            {
                r.AddError("Give exactly one of --play and --calldata.");
            }
        });
        act.SetAction((parse, ct) => PostAsync(Output(parse), "sending the move…", parse.GetValue(node)!, $"channels/{parse.GetValue(actId)}/actions",
            parse.GetValue(play) is { } cell ? new JsonObject { ["play"] = cell } : new JsonObject { ["calldata"] = parse.GetValue(calldata) }, ct));
        channel.Add(act);

        foreach (var (name, description, step) in new[]
        {
            ("close", "Conclude off chain (if needed) and concludeAndWithdraw on chain.", "concluding, and waiting for concludeAndWithdraw to be mined…"),
            ("challenge", "Challenge on chain with the latest supported state.", "waiting for the challenge to be mined…"),
        })
        {
            var id = Id();
            var command = new Command(name, description) { id };
            command.SetAction((parse, ct) => PostAsync(Output(parse), step, parse.GetValue(node)!, $"channels/{parse.GetValue(id)}/{name}", new JsonObject(), ct));
            channel.Add(command);
        }

        var statusId = Id();
        var status = new Command("status", "Show turn, phase, app state, outcome and on-chain status.") { statusId };
        status.SetAction((parse, ct) => SendAsync(Output(parse), "reading the channel…", parse.GetValue(node)!, HttpMethod.Get, $"channels/{parse.GetValue(statusId)}", null, ct));
        channel.Add(status);
        return channel;
    }

    private static Argument<string> Id() => new("channel-id") { Description = "The channel id (0x-hex, 32 bytes)." };

    private static Task<int> PostAsync(Terminal terminal, string step, Uri node, string path, JsonObject body, CancellationToken ct) =>
        SendAsync(terminal, step, node, HttpMethod.Post, path, body, ct);

    private static async Task<int> SendAsync(Terminal terminal, string step, Uri node, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        var (status, answer) = await terminal.StatusAsync(step, () => RequestAsync(node, method, path, body, ct));
        if (status is { } failed)
        {
            return CliRunner.Error(failed, CliRunner.Failed);
        }
        new ChannelStatusView(answer!).Write(terminal);
        return 0;
    }

    /// <summary>The node's answer as a JSON object, or the error line to show.</summary>
    private static async Task<(string? Error, JsonObject? Answer)> RequestAsync(Uri node, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromMinutes(3) };
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            return ($"cannot reach the node at {node}: {e.Message}", null);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return ($"the node answered {(int)response.StatusCode} with no JSON: {text}", null);
            }
            if (!response.IsSuccessStatusCode)
            {
                return (json?["error"]?.ToString() ?? $"the node answered {(int)response.StatusCode}", null);
            }
            return json is JsonObject answer ? (null, answer) : ($"the node answered {(int)response.StatusCode} with JSON that is not an object: {text}", null);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Channels;
using Parley.Contracts;
using Parley.Engine;
using Parley.Examples;
using Parley.Protocol;

namespace Parley.Cli.Node;

/// <summary>
/// The node's local HTTP JSON API on 127.0.0.1 (docs/cli.md): <c>POST /channels</c>, <c>POST /channels/{id}/actions</c>,
/// <c>POST /channels/{id}/close</c>, <c>POST /channels/{id}/challenge</c>, <c>GET /channels/{id}</c>. Amounts are wei
/// as decimal strings, ids and calldata 0x-hex. A failure answers <c>{"error": "…"}</c> with 400 (bad request), 404
/// (unknown channel), 409 (refused by the protocol or reverted on chain) or 500.
/// </summary>
internal static class NodeApi
{
    public static WebApplication Build(ParleyNode node, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGet("/", () => Results.Json(new JsonObject
        {
            ["address"] = node.Settings.Key.Address.ToString(),
            ["peerEndpoint"] = node.PeerEndPoint?.ToString(),
            ["chainId"] = node.ChainId,
            ["adjudicator"] = node.Settings.Adjudicator.ToString(),
            ["app"] = node.Settings.App.ToString(),
        }));
        app.MapPost("/channels", (HttpRequest request, CancellationToken ct) => Handle(async () => await OpenAsync(node, await BodyAsync(request, ct), ct)));
        app.MapPost("/channels/{id}/actions", (string id, HttpRequest request, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            var body = await BodyAsync(request, ct);
            var action = body["play"] is { } play
                ? TicTacToe.Actions.Play(checked((byte)play.GetValue<int>()))
                : body["calldata"] is { } calldata
                    ? Convert.FromHexString(Strip(calldata.GetValue<string>()))
                    : throw new ArgumentException("An action needs \"play\" (a cell 0–8) or \"calldata\" (0x-hex).");
            node.Channel(channelId);
            await node.Engine.ActAsync(channelId, action, Timeout(ct));
            return await StatusAsync(node, channelId, ct);
        }));
        app.MapPost("/channels/{id}/close", (string id, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            if (node.Channel(channelId).Phase != ChannelPhase.Concluded)
            {
                await node.Engine.ConcludeAsync(channelId, Timeout(ct));
                await node.Engine.WaitForAsync(channelId, s => s.Phase == ChannelPhase.Concluded, Timeout(ct));
            }
            var proof = await node.Engine.GetSupportProofAsync(channelId, ct);
            var receipt = await node.Service.ConcludeAsync(proof.Base, cancellationToken: ct);
            var status = await StatusAsync(node, channelId, ct);
            status["transaction"] = Receipt(receipt);
            return status;
        }));
        app.MapPost("/channels/{id}/challenge", (string id, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            node.Channel(channelId);
            var proof = await node.Engine.GetSupportProofAsync(channelId, ct);
            var receipt = await node.Service.ChallengeAsync(proof, ct);
            var status = await StatusAsync(node, channelId, ct);
            status["transaction"] = Receipt(receipt);
            return status;
        }));
        app.MapGet("/channels/{id}", (string id, CancellationToken ct) => Handle(() => StatusAsync(node, Bytes32.Parse(id), ct)));
        return app;
    }

    private static async Task<JsonObject> OpenAsync(ParleyNode node, JsonObject body, CancellationToken ct)
    {
        var peer = Address.Parse(Required(body, "peer"));
        if (body["endpoint"]?.GetValue<string>() is { } endpoint)
        {
            node.AddPeer(peer, IPEndPoint.Parse(endpoint));
        }
        var stake = UInt256.Parse(Required(body, "stake"));
        var window = body["challengeWindow"]?.GetValue<ulong>() ?? 600;
        var nonce = ParleyNode.ChannelNonce(await node.Service.NowAsync(ct) + 3600);
        var fixedPart = new FixedPart(node.ChainId, node.Settings.Adjudicator, [node.Settings.Key.Address, peer], nonce, node.Settings.App, window);
        var funding = new Outcome(new AssetOutcome(Address.Zero, [stake, stake]));
        await node.Engine.OpenChannelAsync(fixedPart, TicTacToe.Definition, funding, cancellationToken: Timeout(ct));
        await node.Engine.WaitForAsync(fixedPart.ChannelId, s => s.Phase == ChannelPhase.Running, Timeout(ct));
        await node.WaitForFundingAsync(fixedPart.ChannelId, funding, ct);
        return await StatusAsync(node, fixedPart.ChannelId, ct);
    }

    private static async Task<JsonObject> StatusAsync(ParleyNode node, Bytes32 channelId, CancellationToken ct)
    {
        var channel = node.Channel(channelId);
        var latest = channel.Latest;
        var game = TicTacToe.Definition.Decode(latest.AppData);
        var onChain = await node.Service.StatusAsync(channelId, ct);
        var now = await node.Service.NowAsync(ct);
        var holdings = await node.Service.HoldingsAsync(channelId, Address.Zero, ct);
        return new JsonObject
        {
            ["channelId"] = channelId.ToString(),
            ["participants"] = new JsonArray([.. channel.FixedPart.Participants.Select(p => (JsonNode)p.ToString())]),
            ["myIndex"] = channel.MyIndex,
            ["phase"] = channel.Phase.ToString(),
            ["turn"] = latest.TurnNum,
            ["isFinal"] = latest.IsFinal,
            ["nextMover"] = latest.IsFinal ? null : TicTacToe.Definition.NextMover(latest.AppData, latest.TurnNum),
            ["appState"] = new JsonObject
            {
                ["board"] = string.Concat(game.Board.Select(c => c switch { 1 => 'X', 2 => 'O', _ => '.' })),
                ["winner"] = game.Winner switch { 1 => "X", 2 => "O", 3 => "draw", _ => null },
            },
            ["outcome"] = new JsonArray([.. latest.Outcome.Assets.Select(a => (JsonNode)new JsonObject
            {
                ["asset"] = a.Asset.ToString(),
                ["balances"] = new JsonArray([.. a.Balances.Select(b => (JsonNode)b.ToString())]),
            })]),
            ["onChain"] = new JsonObject
            {
                ["held"] = holdings.Amount.ToString(),
                ["turnNumRecord"] = onChain.TurnNumRecord,
                ["finalizesAt"] = onChain.FinalizesAt,
                ["status"] = onChain.IsNone ? "open" : onChain.IsFinalized(now) ? "finalized" : onChain.IsChallengeRunning(now) ? "challenge" : "checkpointed",
            },
        };
    }

    private static JsonObject Receipt(AdjudicatorReceipt receipt) => new()
    {
        ["hash"] = receipt.Receipt.TransactionHash.ToString(),
        ["block"] = receipt.Receipt.BlockNumber,
        ["gasUsed"] = receipt.Receipt.GasUsed,
    };

    private static async Task<IResult> Handle(Func<Task<JsonObject>> action)
    {
        try
        {
            return Results.Json(await action());
        }
        catch (Exception e)
        {
            var code = e switch
            {
                KeyNotFoundException => StatusCodes.Status404NotFound,
                ArgumentException or FormatException or OverflowException or InvalidOperationException { Source: "System.Text.Json" } => StatusCodes.Status400BadRequest,
                ChannelRequestException or Parley.Chain.TransactionRevertedException or TimeoutException => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status500InternalServerError,
            };
            return Results.Json(new JsonObject { ["error"] = CliRunner.Describe(e) }, statusCode: code);
        }
    }

    private static async Task<JsonObject> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject
                ?? throw new ArgumentException("The request body must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"The request body is not JSON: {e.Message}", e);
        }
    }

    private static string Required(JsonObject body, string name) =>
        body[name]?.ToString() ?? throw new ArgumentException($"\"{name}\" is required.");

    private static string Strip(string hex) => hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;

    private static CancellationToken Timeout(CancellationToken ct) =>
        CancellationTokenSource.CreateLinkedTokenSource(ct, new CancellationTokenSource(ParleyNode.StepTimeout).Token).Token;
}

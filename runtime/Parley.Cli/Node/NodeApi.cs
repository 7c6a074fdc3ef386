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
using Parley.Nodes;
using Parley.Protocol;
using Parley.StateMachines;

namespace Parley.Cli.Node;

/// <summary>
/// The node's local HTTP JSON API on 127.0.0.1 (docs/cli.md): <c>POST /channels</c>, <c>POST /channels/{id}/actions</c>,
/// <c>POST /channels/{id}/close</c>, <c>POST /channels/{id}/challenge</c>, <c>GET /channels/{id}</c>. Amounts are wei
/// as decimal strings, ids and calldata 0x-hex. A failure answers <c>{"error": "…"}</c> with 400 (bad request), 404
/// (unknown channel), 409 (refused by the protocol or reverted on chain) or 500.
/// </summary>
internal static class NodeApi
{
    /// <summary>How long one API request may wait for the peer or the chain.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    public static WebApplication Build(ParleyNode node, NodeSettings settings)
    {
        var port = settings.ApiPort;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGet("/", () => Results.Json(new JsonObject
        {
            ["address"] = node.Address.ToString(),
            ["peerEndpoint"] = node.PeerEndPoint?.ToString(),
            ["chainId"] = node.ChainId,
            ["adjudicator"] = node.Adjudicator.ToString(),
            ["app"] = settings.App.ToString(),
        }));
        app.MapPost("/channels", (HttpRequest request, CancellationToken ct) => Handle(async () => await OpenAsync(node, settings, await BodyAsync(request, ct), ct)));
        app.MapPost("/channels/{id}/actions", (string id, HttpRequest request, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            var body = await BodyAsync(request, ct);
            var channel = node.GetChannel(channelId);
            var action = body["play"] is { } play
                ? IsTicTacToe(channel.App)
                    ? TicTacToe.Actions.Play(checked((byte)play.GetValue<int>()))
                    : throw new ArgumentException($"\"play\" is tic-tac-toe's action; channel {channelId} runs {channel.App.Id}: give \"calldata\".")
                : body["calldata"] is { } calldata
                    ? Convert.FromHexString(Strip(calldata.GetValue<string>()))
                    : throw new ArgumentException("An action needs \"play\" (tic-tac-toe: a cell 0–8) or \"calldata\" (0x-hex).");
            await node.ActAsync(channelId, action, Timeout(ct));
            return await StatusAsync(node, channelId, ct);
        }));
        app.MapPost("/channels/{id}/close", (string id, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            var closed = await node.CloseAsync(channelId, ct);
            var status = await StatusAsync(node, channelId, ct);
            if (closed.Receipt is { } receipt)
            {
                status["transaction"] = Receipt(receipt);
            }
            return status;
        }));
        app.MapPost("/channels/{id}/challenge", (string id, CancellationToken ct) => Handle(async () =>
        {
            var channelId = Bytes32.Parse(id);
            var receipt = await node.ChallengeAsync(channelId, ct);
            var status = await StatusAsync(node, channelId, ct);
            status["transaction"] = Receipt(receipt);
            return status;
        }));
        app.MapGet("/channels/{id}", (string id, CancellationToken ct) => Handle(() => StatusAsync(node, Bytes32.Parse(id), ct)));
        return app;
    }

    private static async Task<JsonObject> OpenAsync(ParleyNode node, NodeSettings settings, JsonObject body, CancellationToken ct)
    {
        var machineId = body["machine"]?.GetValue<string>() ?? TicTacToe.Definition.Id;
        if (!StateMachineRegistry.TryGet(machineId, out var machine))
        {
            throw new ArgumentException($"This node has no state machine '{machineId}': start it with --app <assembly.dll> holding that [StateMachine] "
                + $"(known: {string.Join(", ", StateMachineRegistry.All.Select(d => d.Id).Order(StringComparer.Ordinal))}).");
        }
        if (machine.ParticipantCount != 2)
        {
            throw new ArgumentException($"State machine '{machineId}' has {machine.ParticipantCount} participants; the node API opens two-party channels.");
        }
        var appDefinition = body["appDefinition"]?.GetValue<string>() is { } given
            ? Address.Parse(given)
            : IsTicTacToe(machine)
                ? settings.App
                : throw new ArgumentException($"\"appDefinition\" (the address of {machineId}'s deployed contract) is required for machines other than tic-tac-toe.");
        var peer = Address.Parse(Required(body, "peer"));
        if (body["endpoint"]?.GetValue<string>() is { } endpoint)
        {
            node.AddPeer(peer, IPEndPoint.Parse(endpoint));
        }
        var stake = UInt256.Parse(Required(body, "stake"));
        var window = body["challengeWindow"]?.GetValue<ulong>() ?? 600;
        var fixedPart = node.CreateFixedPart([node.Address, peer], appDefinition, window);
        var funding = new Outcome(new AssetOutcome(Address.Zero, [stake, stake]));
        // The funding deadline: chain time now + the engine's funding window (1 h), carried in the proposal.
        await node.OpenChannelAsync(fixedPart, machine, funding, cancellationToken: Timeout(ct));
        await node.WaitForRunningAsync(fixedPart.ChannelId, Timeout(ct));
        await node.WaitForFundingAsync(fixedPart.ChannelId, ct);
        return await StatusAsync(node, fixedPart.ChannelId, ct);
    }

    private static bool IsTicTacToe(IStateMachineDefinition machine) => machine.Id == TicTacToe.Definition.Id;

    private static async Task<JsonObject> StatusAsync(ParleyNode node, Bytes32 channelId, CancellationToken ct)
    {
        var report = await node.GetStatusAsync(channelId, ct);
        var channel = report.OffChain;
        var latest = channel.Latest;
        var onChain = report.OnChain.Status;
        var now = report.OnChain.ChainTime;
        var holdings = await node.Chain.HoldingsAsync(channelId, Address.Zero, ct);
        return new JsonObject
        {
            ["channelId"] = channelId.ToString(),
            ["participants"] = new JsonArray([.. channel.FixedPart.Participants.Select(p => (JsonNode)p.ToString())]),
            ["myIndex"] = channel.MyIndex,
            ["phase"] = channel.Phase.ToString(),
            ["fundingDeadline"] = channel.FundingDeadline,
            ["turn"] = latest.TurnNum,
            ["isFinal"] = latest.IsFinal,
            ["nextMover"] = latest.IsFinal ? null : channel.App.NextMover(latest.AppData, latest.TurnNum),
            ["machine"] = channel.App.Id,
            ["appData"] = "0x" + Convert.ToHexStringLower(latest.AppData),
            ["appState"] = IsTicTacToe(channel.App) ? TicTacToeState(latest.AppData) : null,
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

    private static JsonObject TicTacToeState(ReadOnlySpan<byte> appData)
    {
        var game = TicTacToe.Definition.Decode(appData);
        return new JsonObject
        {
            ["board"] = string.Concat(game.Board.Select(c => c switch { 1 => 'X', 2 => 'O', _ => '.' })),
            ["winner"] = game.Winner switch { 1 => "X", 2 => "O", 3 => "draw", _ => null },
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
        CancellationTokenSource.CreateLinkedTokenSource(ct, new CancellationTokenSource(StepTimeout).Token).Token;
}

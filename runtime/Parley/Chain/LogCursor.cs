using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Chain;

/// <summary>
/// Where a <see cref="LogPoller"/> stands: the first block it has not processed yet, and the logs it processed in the
/// most recent blocks (the reorganisation window), so that a log whose block was replaced can be retracted and its
/// replacement processed. Immutable; persisted by an <see cref="ILogCursorStore"/>.
/// </summary>
/// <param name="NextBlock">The first block not yet processed.</param>
/// <param name="Recent">The logs processed in blocks still inside the reorganisation window, in chain order.</param>
public sealed record LogCursor(ulong NextBlock, ImmutableArray<LogEntry> Recent)
{
    /// <summary>The format version written by <see cref="ToJson"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>The logs (never default).</summary>
    public ImmutableArray<LogEntry> Recent { get; init; } = Recent.IsDefault ? [] : Recent;

    /// <summary>A cursor at <paramref name="startBlock"/> with nothing processed.</summary>
    public static LogCursor At(ulong startBlock) => new(startBlock, []);

    /// <summary>The cursor as JSON text: <c>{"version":1,"nextBlock":"0x…","recent":[log objects]}</c>, the log objects in
    /// the JSON-RPC encoding (<see cref="LogEntry.ToJson"/>).</summary>
    public string ToJson()
    {
        var recent = new JsonArray();
        foreach (var log in Recent)
        {
            recent.Add(log.ToJson());
        }
        return new JsonObject { ["version"] = FormatVersion, ["nextBlock"] = RpcQuantity.Format(NextBlock), ["recent"] = recent }.ToJsonString();
    }

    /// <summary>Reads <see cref="ToJson"/>'s output.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="origin">Where it came from, for error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="InvalidDataException">The text is not a cursor of a known version; the message says what is wrong.</exception>
    public static LogCursor FromJson(string json, string origin = "log cursor")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = RpcFields.Object(doc.RootElement, origin);
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != FormatVersion)
            {
                throw new InvalidDataException($"{origin}: expected \"version\": {FormatVersion}.");
            }
            var logs = ImmutableArray.CreateBuilder<LogEntry>();
            foreach (var log in RpcFields.Array(root, "recent", origin).EnumerateArray())
            {
                logs.Add(LogEntry.FromJson(log, $"{origin}.recent[{logs.Count}]"));
            }
            return new LogCursor(RpcFields.UInt64(root, "nextBlock", origin), logs.ToImmutable());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{origin}: not valid JSON: {e.Message}", e);
        }
        catch (RpcFormatException e)
        {
            throw new InvalidDataException($"{origin}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"next block {NextBlock}, {Recent.Length} recent log(s)";
}

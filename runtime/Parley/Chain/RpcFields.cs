using System.Text.Json;

namespace Parley.Chain;

/// <summary>Strict readers of the fields of JSON-RPC result objects; errors name the object and the field.</summary>
internal static class RpcFields
{
    public static JsonElement Object(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RpcFormatException(what, $"expected a JSON object, got {value.ValueKind}");
        }
        return value;
    }

    public static string? OptionalString(JsonElement obj, string field, string what)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            throw new RpcFormatException($"{what}.{field}", $"expected a string, got {v.ValueKind}");
        }
        return v.GetString();
    }

    public static string String(JsonElement obj, string field, string what) =>
        OptionalString(obj, field, what) ?? throw new RpcFormatException($"{what}.{field}", "missing");

    public static ulong UInt64(JsonElement obj, string field, string what) =>
        RpcQuantity.ParseUInt64(String(obj, field, what), $"{what}.{field}");

    public static ulong? OptionalUInt64(JsonElement obj, string field, string what) =>
        OptionalString(obj, field, what) is { } s ? RpcQuantity.ParseUInt64(s, $"{what}.{field}") : null;

    public static UInt256 UInt256(JsonElement obj, string field, string what) =>
        RpcQuantity.ParseUInt256(String(obj, field, what), $"{what}.{field}");

    public static UInt256? OptionalUInt256(JsonElement obj, string field, string what) =>
        OptionalString(obj, field, what) is { } s ? RpcQuantity.ParseUInt256(s, $"{what}.{field}") : null;

    public static byte[] Data(JsonElement obj, string field, string what) =>
        RpcData.Parse(String(obj, field, what), $"{what}.{field}");

    public static Address Address(JsonElement obj, string field, string what) =>
        RpcData.ParseAddress(String(obj, field, what), $"{what}.{field}");

    public static Address? OptionalAddress(JsonElement obj, string field, string what) =>
        OptionalString(obj, field, what) is { } s ? RpcData.ParseAddress(s, $"{what}.{field}") : null;

    public static Bytes32 Bytes32(JsonElement obj, string field, string what) =>
        RpcData.ParseBytes32(String(obj, field, what), $"{what}.{field}");

    public static bool OptionalBool(JsonElement obj, string field, string what)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new RpcFormatException($"{what}.{field}", $"expected a boolean, got {v.ValueKind}"),
        };
    }

    public static JsonElement Array(JsonElement obj, string field, string what)
    {
        if (!obj.TryGetProperty(field, out var v))
        {
            throw new RpcFormatException($"{what}.{field}", "missing");
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new RpcFormatException($"{what}.{field}", $"expected an array, got {v.ValueKind}");
        }
        return v;
    }

    public static string AsString(JsonElement value, string what) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new RpcFormatException(what, $"expected a string, got {value.ValueKind}");
}

using System.Text.Json;

namespace Parley.Chain;

/// <summary>
/// A JSON-RPC 2.0 error response (<c>{"error": {code, message, data?}}</c>, JSON-RPC 2.0 specification §5.1) to
/// <see cref="Method"/>. For a reverted <c>eth_call</c> or <c>eth_estimateGas</c> the node puts the revert data (the
/// ABI-encoded <c>Error(string)</c>, <c>Panic(uint256)</c> or custom error) in <c>data</c> as hex; it is decoded into
/// <see cref="RevertData"/>.
/// </summary>
public sealed class JsonRpcException : Exception
{
    /// <summary>Creates the exception from the parts of an error response.</summary>
    /// <param name="method">The JSON-RPC method that failed.</param>
    /// <param name="code">The error code, e.g. −32601 (method not found), −32602 (invalid params), 3 (execution reverted).</param>
    /// <param name="rpcMessage">The error's message as the node gave it.</param>
    /// <param name="data">The error's <c>data</c> member, when present.</param>
    public JsonRpcException(string method, long code, string rpcMessage, JsonElement? data)
        : base($"{method} failed with JSON-RPC error {code}: {rpcMessage}")
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
        ErrorData = data;
        RevertData = ExtractRevertData(data);
    }

    /// <summary>The JSON-RPC error code used by geth and anvil for "execution reverted".</summary>
    public const long ExecutionRevertedCode = 3;

    /// <summary>The JSON-RPC method that failed, e.g. <c>eth_call</c>.</summary>
    public string Method { get; }

    /// <summary>The error code.</summary>
    public long Code { get; }

    /// <summary>The error's message as the node gave it (without the method and code that <see cref="Exception.Message"/> adds).</summary>
    public string RpcMessage { get; }

    /// <summary>The error's <c>data</c> member (a detached element), when present.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>
    /// The revert data when the error carries it: <c>data</c> as a hex string, or as an object with a hex string
    /// <c>data</c> member (both forms exist among nodes). Empty for a bare <c>revert()</c>; null when absent or not hex.
    /// </summary>
    public byte[]? RevertData { get; }

    /// <summary>Whether the error reports a reverted execution (code 3, or a message starting "execution reverted").</summary>
    public bool IsExecutionReverted =>
        Code == ExecutionRevertedCode || RpcMessage.StartsWith("execution reverted", StringComparison.OrdinalIgnoreCase);

    private static byte[]? ExtractRevertData(JsonElement? data)
    {
        if (data is not { } d)
        {
            return null;
        }
        if (d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var inner))
        {
            d = inner;
        }
        if (d.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return RpcData.Parse(d.GetString(), "error.data");
        }
        catch (RpcFormatException)
        {
            return null; // a human-readable data string, not revert data
        }
    }
}

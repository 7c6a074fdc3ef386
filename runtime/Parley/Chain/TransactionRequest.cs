using System.Text.Json.Nodes;

namespace Parley.Chain;

/// <summary>
/// A transaction to send from an account the node holds the key of (<c>eth_sendTransaction</c>, e.g. anvil's unlocked
/// dev accounts), or to estimate (<c>eth_estimateGas</c>). Fields left null are filled in by the node (nonce, gas, fees).
/// Field names and encodings follow the execution-apis <c>GenericTransaction</c> object.
/// </summary>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient; null to create a contract (then <paramref name="Data"/> is creation code ‖ constructor arguments).</param>
/// <param name="Value">The value transferred, in wei; null for none.</param>
/// <param name="Data">The calldata (or creation code); empty for none.</param>
/// <param name="Gas">The gas limit; null to let the node estimate it.</param>
/// <param name="Nonce">The sender's nonce; null to let the node choose the next one.</param>
public sealed record TransactionRequest(
    Address From,
    Address? To = null,
    UInt256? Value = null,
    ReadOnlyMemory<byte> Data = default,
    ulong? Gas = null,
    ulong? Nonce = null)
{
    /// <summary>The JSON-RPC transaction object (<c>from</c>, <c>to</c>, <c>value</c>, <c>input</c>, <c>gas</c>, <c>nonce</c>).</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["from"] = RpcData.Format(From) };
        if (To is { } to)
        {
            o["to"] = RpcData.Format(to);
        }
        if (Value is { } value)
        {
            o["value"] = RpcQuantity.Format(value);
        }
        if (!Data.IsEmpty)
        {
            o["input"] = RpcData.Format(Data.Span);
        }
        if (Gas is { } gas)
        {
            o["gas"] = RpcQuantity.Format(gas);
        }
        if (Nonce is { } nonce)
        {
            o["nonce"] = RpcQuantity.Format(nonce);
        }
        return o;
    }
}

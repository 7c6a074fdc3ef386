using System.Text.Json;

namespace Parley.Chain;

/// <summary>The receipt of a mined transaction (execution-apis <c>ReceiptInfo</c> object).</summary>
/// <param name="TransactionHash">The transaction's hash.</param>
/// <param name="BlockHash">The hash of the block that holds it.</param>
/// <param name="BlockNumber">That block's number.</param>
/// <param name="TransactionIndex">The transaction's index in the block.</param>
/// <param name="From">The sender.</param>
/// <param name="To">The recipient; null for a contract creation.</param>
/// <param name="ContractAddress">The created contract's address; null unless the transaction created one.</param>
/// <param name="Succeeded">The post-Byzantium <c>status</c>: true for 1 (success), false for 0 (reverted, changes undone).</param>
/// <param name="GasUsed">The gas this transaction used.</param>
/// <param name="CumulativeGasUsed">The gas used in the block up to and including this transaction.</param>
/// <param name="EffectiveGasPrice">The price per gas actually paid, in wei.</param>
/// <param name="Logs">The logs it emitted, in order.</param>
public sealed record TransactionReceipt(
    Bytes32 TransactionHash,
    Bytes32 BlockHash,
    ulong BlockNumber,
    ulong TransactionIndex,
    Address From,
    Address? To,
    Address? ContractAddress,
    bool Succeeded,
    ulong GasUsed,
    ulong CumulativeGasUsed,
    UInt256 EffectiveGasPrice,
    IReadOnlyList<LogEntry> Logs)
{
    /// <summary>The fee paid in wei: <see cref="GasUsed"/> × <see cref="EffectiveGasPrice"/>.</summary>
    public UInt256 Fee => checked((UInt256)GasUsed * EffectiveGasPrice);

    /// <summary>Reads a receipt object of a JSON-RPC result.</summary>
    /// <param name="value">The receipt object.</param>
    /// <param name="what">Where it came from, for error messages.</param>
    /// <exception cref="RpcFormatException">A field is missing or malformed, or <c>status</c> is neither 0x0 nor 0x1
    /// (pre-Byzantium receipts, which carry a state root instead, are not supported).</exception>
    public static TransactionReceipt FromJson(JsonElement value, string what = "receipt")
    {
        RpcFields.Object(value, what);
        var status = RpcFields.UInt64(value, "status", what);
        if (status > 1)
        {
            throw new RpcFormatException($"{what}.status", $"expected 0x0 or 0x1, got {RpcQuantity.Format(status)}");
        }
        var logsJson = RpcFields.Array(value, "logs", what);
        var logs = new LogEntry[logsJson.GetArrayLength()];
        var i = 0;
        foreach (var l in logsJson.EnumerateArray())
        {
            logs[i] = LogEntry.FromJson(l, $"{what}.logs[{i}]");
            i++;
        }
        return new TransactionReceipt(
            RpcFields.Bytes32(value, "transactionHash", what),
            RpcFields.Bytes32(value, "blockHash", what),
            RpcFields.UInt64(value, "blockNumber", what),
            RpcFields.UInt64(value, "transactionIndex", what),
            RpcFields.Address(value, "from", what),
            RpcFields.OptionalAddress(value, "to", what),
            RpcFields.OptionalAddress(value, "contractAddress", what),
            status == 1,
            RpcFields.UInt64(value, "gasUsed", what),
            RpcFields.UInt64(value, "cumulativeGasUsed", what),
            RpcFields.UInt256(value, "effectiveGasPrice", what),
            Array.AsReadOnly(logs));
    }
}

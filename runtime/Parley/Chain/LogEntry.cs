using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Chain;

/// <summary>
/// An event log (execution-apis <c>Log</c> object), as found in receipts and returned by <c>eth_getLogs</c>. Topic 0
/// of a Solidity event is keccak256 of its canonical signature (unless the event is anonymous); indexed arguments
/// follow as topics, the others are ABI-encoded in <see cref="Data"/>.
/// </summary>
/// <param name="Address">The contract that emitted the log.</param>
/// <param name="Topics">The topics (0 to 4).</param>
/// <param name="Data">The non-indexed arguments, ABI-encoded.</param>
/// <param name="BlockHash">The hash of the block holding the log.</param>
/// <param name="BlockNumber">The number of that block.</param>
/// <param name="TransactionHash">The transaction that emitted it.</param>
/// <param name="TransactionIndex">That transaction's index in the block.</param>
/// <param name="LogIndex">The log's index in the block.</param>
/// <param name="Removed">True when a reorganisation removed the log (filters can report this).</param>
public sealed record LogEntry(
    Address Address,
    IReadOnlyList<Bytes32> Topics,
    ReadOnlyMemory<byte> Data,
    Bytes32 BlockHash,
    ulong BlockNumber,
    Bytes32 TransactionHash,
    ulong TransactionIndex,
    ulong LogIndex,
    bool Removed)
{
    /// <summary>The log as a JSON-RPC log object (the form <see cref="FromJson"/> reads; quantities and data in the
    /// execution-apis encodings).</summary>
    public JsonObject ToJson()
    {
        var topics = new JsonArray();
        foreach (var topic in Topics)
        {
            topics.Add(JsonValue.Create(RpcData.Format(topic)));
        }
        return new JsonObject
        {
            ["address"] = RpcData.Format(Address),
            ["topics"] = topics,
            ["data"] = RpcData.Format(Data.Span),
            ["blockHash"] = RpcData.Format(BlockHash),
            ["blockNumber"] = RpcQuantity.Format(BlockNumber),
            ["transactionHash"] = RpcData.Format(TransactionHash),
            ["transactionIndex"] = RpcQuantity.Format(TransactionIndex),
            ["logIndex"] = RpcQuantity.Format(LogIndex),
            ["removed"] = Removed,
        };
    }

    /// <summary>Whether <paramref name="other"/> is the same log in the same block: equal block hash and log index
    /// (what identifies a log across polls; after a reorganisation the same event in another block is another log).</summary>
    public bool IsSameLog(LogEntry other) => other is not null && BlockHash == other.BlockHash && LogIndex == other.LogIndex;

    /// <summary>Reads a log object of a JSON-RPC result.</summary>
    /// <param name="value">The log object.</param>
    /// <param name="what">Where it came from, for error messages (e.g. <c>eth_getLogs[3]</c>).</param>
    /// <exception cref="RpcFormatException">A field is missing or malformed (pending logs, which lack block fields, included).</exception>
    public static LogEntry FromJson(JsonElement value, string what = "log")
    {
        RpcFields.Object(value, what);
        var topicsJson = RpcFields.Array(value, "topics", what);
        var topics = new Bytes32[topicsJson.GetArrayLength()];
        var i = 0;
        foreach (var t in topicsJson.EnumerateArray())
        {
            topics[i] = RpcData.ParseBytes32(RpcFields.AsString(t, $"{what}.topics[{i}]"), $"{what}.topics[{i}]");
            i++;
        }
        return new LogEntry(
            RpcFields.Address(value, "address", what),
            Array.AsReadOnly(topics),
            RpcFields.Data(value, "data", what),
            RpcFields.Bytes32(value, "blockHash", what),
            RpcFields.UInt64(value, "blockNumber", what),
            RpcFields.Bytes32(value, "transactionHash", what),
            RpcFields.UInt64(value, "transactionIndex", what),
            RpcFields.UInt64(value, "logIndex", what),
            RpcFields.OptionalBool(value, "removed", what));
    }
}

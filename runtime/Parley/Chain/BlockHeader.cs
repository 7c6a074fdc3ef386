using System.Text.Json;

namespace Parley.Chain;

/// <summary>The header fields of a block that Parley uses (execution-apis <c>Block</c> object, without transactions).</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash.</param>
/// <param name="ParentHash">The parent block's hash.</param>
/// <param name="Timestamp">The block's timestamp in seconds since the Unix epoch (chain time: what Solidity's
/// <c>block.timestamp</c> reads, and what challenge windows are measured in).</param>
/// <param name="GasLimit">The block gas limit.</param>
/// <param name="GasUsed">The gas used by the block's transactions.</param>
/// <param name="BaseFeePerGas">The EIP-1559 base fee in wei; null before London.</param>
public sealed record BlockHeader(
    ulong Number,
    Bytes32 Hash,
    Bytes32 ParentHash,
    ulong Timestamp,
    ulong GasLimit,
    ulong GasUsed,
    UInt256? BaseFeePerGas)
{
    /// <summary>The timestamp as a UTC date and time.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(checked((long)Timestamp));

    /// <summary>Reads a block object of a JSON-RPC result.</summary>
    /// <param name="value">The block object.</param>
    /// <param name="what">Where it came from, for error messages.</param>
    /// <exception cref="RpcFormatException">A field is missing or malformed (a pending block, without number or hash, included).</exception>
    public static BlockHeader FromJson(JsonElement value, string what = "block")
    {
        RpcFields.Object(value, what);
        return new BlockHeader(
            RpcFields.UInt64(value, "number", what),
            RpcFields.Bytes32(value, "hash", what),
            RpcFields.Bytes32(value, "parentHash", what),
            RpcFields.UInt64(value, "timestamp", what),
            RpcFields.UInt64(value, "gasLimit", what),
            RpcFields.UInt64(value, "gasUsed", what),
            RpcFields.OptionalUInt256(value, "baseFeePerGas", what));
    }
}

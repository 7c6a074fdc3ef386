using System.Text.Json;

namespace Parley.Chain;

/// <summary>The fields of a transaction object (execution-apis <c>TransactionInfo</c>) that Parley uses.</summary>
/// <param name="Hash">The transaction hash.</param>
/// <param name="From">The sender.</param>
/// <param name="Nonce">The sender's nonce it uses.</param>
/// <param name="To">The recipient; null for a contract creation.</param>
/// <param name="Input">The calldata or creation code.</param>
/// <param name="BlockNumber">The block holding it; null while it is pending.</param>
public sealed record TransactionInfo(Bytes32 Hash, Address From, ulong Nonce, Address? To, ReadOnlyMemory<byte> Input, ulong? BlockNumber)
{
    /// <summary>Whether the transaction is mined.</summary>
    public bool IsMined => BlockNumber is not null;

    /// <summary>Reads a transaction object of a JSON-RPC result.</summary>
    /// <exception cref="RpcFormatException">A field is missing or malformed.</exception>
    public static TransactionInfo FromJson(JsonElement value, string what = "transaction")
    {
        RpcFields.Object(value, what);
        return new TransactionInfo(
            RpcFields.Bytes32(value, "hash", what),
            RpcFields.Address(value, "from", what),
            RpcFields.UInt64(value, "nonce", what),
            RpcFields.OptionalAddress(value, "to", what),
            RpcFields.Data(value, "input", what),
            RpcFields.OptionalUInt64(value, "blockNumber", what));
    }
}

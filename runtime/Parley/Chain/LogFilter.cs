using System.Text.Json.Nodes;

namespace Parley.Chain;

/// <summary>
/// A log filter for <c>eth_getLogs</c> (execution-apis <c>Filter</c> object). Either a block range
/// (<see cref="FromBlock"/>..<see cref="ToBlock"/>, inclusive) or a single <see cref="BlockHash"/>.
/// </summary>
/// <param name="FromBlock">The first block (null: the node's default, <c>latest</c>).</param>
/// <param name="ToBlock">The last block, inclusive (null: <c>latest</c>).</param>
/// <param name="Addresses">Emitting contracts to match (any of them); null or empty for any contract.</param>
/// <param name="Topics">Per topic position: null matches anything, otherwise any of the listed values. Trailing
/// positions may be omitted.</param>
/// <param name="BlockHash">Restricts the query to one block (EIP-234); then the range must be null.</param>
public sealed record LogFilter(
    BlockTag? FromBlock = null,
    BlockTag? ToBlock = null,
    IReadOnlyList<Address>? Addresses = null,
    IReadOnlyList<IReadOnlyList<Bytes32>?>? Topics = null,
    Bytes32? BlockHash = null)
{
    /// <summary>The JSON-RPC filter object.</summary>
    /// <exception cref="ArgumentException"><see cref="BlockHash"/> is combined with a block range.</exception>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (BlockHash is { } hash)
        {
            if (FromBlock is not null || ToBlock is not null)
            {
                throw new ArgumentException("A log filter takes either a block range or a block hash, not both (EIP-234).");
            }
            o["blockHash"] = RpcData.Format(hash);
        }
        if (FromBlock is { } from)
        {
            o["fromBlock"] = from.ToString();
        }
        if (ToBlock is { } to)
        {
            o["toBlock"] = to.ToString();
        }
        if (Addresses is { Count: > 0 } addresses)
        {
            var a = new JsonArray();
            foreach (var address in addresses)
            {
                a.Add(JsonValue.Create(RpcData.Format(address)));
            }
            o["address"] = a;
        }
        if (Topics is { Count: > 0 } topics)
        {
            var t = new JsonArray();
            foreach (var position in topics)
            {
                if (position is null)
                {
                    t.Add((JsonNode?)null);
                    continue;
                }
                var alternatives = new JsonArray();
                foreach (var topic in position)
                {
                    alternatives.Add(JsonValue.Create(RpcData.Format(topic)));
                }
                t.Add(alternatives);
            }
            o["topics"] = t;
        }
        return o;
    }
}

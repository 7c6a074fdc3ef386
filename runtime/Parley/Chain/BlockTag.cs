namespace Parley.Chain;

/// <summary>
/// A block parameter of the Ethereum JSON-RPC (execution-apis <c>BlockNumberOrTag</c>): a block number, or one of the
/// tags <c>latest</c>, <c>pending</c>, <c>earliest</c>, <c>safe</c>, <c>finalized</c>. <c>default(BlockTag)</c> is
/// <see cref="Latest"/>. A <see cref="ulong"/> converts implicitly to a number tag.
/// </summary>
public readonly record struct BlockTag
{
    private readonly string? _tag;
    private readonly ulong _number;

    private BlockTag(string? tag, ulong number)
    {
        _tag = tag;
        _number = number;
    }

    /// <summary>The most recent block (the default).</summary>
    public static BlockTag Latest => default;

    /// <summary>The pending state (the block being built).</summary>
    public static BlockTag Pending => new("pending", 0);

    /// <summary>The genesis block.</summary>
    public static BlockTag Earliest => new("earliest", 0);

    /// <summary>The latest block the consensus layer considers safe.</summary>
    public static BlockTag Safe => new("safe", 0);

    /// <summary>The latest finalized block.</summary>
    public static BlockTag Finalized => new("finalized", 0);

    /// <summary>The block with number <paramref name="number"/>.</summary>
    public static BlockTag Number(ulong number) => new("#", number);

    /// <summary>A number tag for block <paramref name="number"/>.</summary>
    public static implicit operator BlockTag(ulong number) => Number(number);

    /// <summary>The block number when this is a number tag, else null.</summary>
    public ulong? BlockNumber => _tag == "#" ? _number : null;

    /// <summary>The JSON-RPC form: a tag name, or the number as a quantity (e.g. <c>0x1b4</c>).</summary>
    public override string ToString() => _tag switch
    {
        null => "latest",
        "#" => RpcQuantity.Format(_number),
        _ => _tag,
    };
}

using System.Collections.Immutable;
using System.Text.Json;

namespace Parley.Chain;

/// <summary>
/// The answer to <c>eth_feeHistory</c> (execution-apis <c>FeeHistoryResult</c>): base fees, gas used ratios and
/// priority-fee percentiles of a range of recent blocks.
/// </summary>
/// <param name="OldestBlock">The number of the first block of the range.</param>
/// <param name="BaseFeePerGas">The base fee of each block of the range, in wei, <b>plus one</b>: the last entry is the base
/// fee of the block after the range (the next block, when the range ends at the head).</param>
/// <param name="GasUsedRatio">Per block, gas used ÷ gas limit.</param>
/// <param name="Reward">Per block, the priority fee per gas (wei) at each requested percentile of the block's
/// transactions weighted by gas; empty when no percentiles were requested.</param>
public sealed record FeeHistory(ulong OldestBlock, ImmutableArray<UInt256> BaseFeePerGas, ImmutableArray<double> GasUsedRatio,
    ImmutableArray<ImmutableArray<UInt256>> Reward)
{
    /// <summary>The base fee of the block after the range, in wei (the last <see cref="BaseFeePerGas"/> entry).</summary>
    /// <exception cref="InvalidOperationException">The history is empty.</exception>
    public UInt256 NextBaseFeePerGas =>
        BaseFeePerGas.IsDefaultOrEmpty ? throw new InvalidOperationException("The fee history holds no base fee.") : BaseFeePerGas[^1];

    /// <summary>Reads an <c>eth_feeHistory</c> result.</summary>
    /// <param name="value">The result object.</param>
    /// <param name="percentileCount">How many percentiles were requested (each <c>reward</c> row must have that many).</param>
    /// <param name="what">Where it came from, for error messages.</param>
    /// <exception cref="RpcFormatException">A field is missing or malformed, or the arrays' lengths disagree.</exception>
    public static FeeHistory FromJson(JsonElement value, int percentileCount, string what = "eth_feeHistory")
    {
        RpcFields.Object(value, what);
        var oldest = RpcFields.UInt64(value, "oldestBlock", what);
        var baseFees = ImmutableArray.CreateBuilder<UInt256>();
        var i = 0;
        foreach (var fee in RpcFields.Array(value, "baseFeePerGas", what).EnumerateArray())
        {
            baseFees.Add(RpcQuantity.ParseUInt256(RpcFields.AsString(fee, $"{what}.baseFeePerGas[{i}]"), $"{what}.baseFeePerGas[{i}]"));
            i++;
        }
        var ratios = ImmutableArray.CreateBuilder<double>();
        i = 0;
        foreach (var ratio in RpcFields.Array(value, "gasUsedRatio", what).EnumerateArray())
        {
            if (ratio.ValueKind != JsonValueKind.Number)
            {
                throw new RpcFormatException($"{what}.gasUsedRatio[{i}]", $"expected a number, got {ratio.ValueKind}");
            }
            ratios.Add(ratio.GetDouble());
            i++;
        }
        if (baseFees.Count != ratios.Count + 1 && !(baseFees.Count == 0 && ratios.Count == 0))
        {
            throw new RpcFormatException($"{what}.baseFeePerGas", $"expected one base fee per block plus one ({ratios.Count + 1}), got {baseFees.Count}");
        }
        var rewards = ImmutableArray.CreateBuilder<ImmutableArray<UInt256>>();
        if (percentileCount > 0)
        {
            i = 0;
            foreach (var row in RpcFields.Array(value, "reward", what).EnumerateArray())
            {
                var field = $"{what}.reward[{i}]";
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != percentileCount)
                {
                    throw new RpcFormatException(field, $"expected an array of {percentileCount} quantities");
                }
                rewards.Add([.. row.EnumerateArray().Select(r => RpcQuantity.ParseUInt256(RpcFields.AsString(r, field), field))]);
                i++;
            }
            if (rewards.Count != ratios.Count)
            {
                throw new RpcFormatException($"{what}.reward", $"expected one row per block ({ratios.Count}), got {rewards.Count}");
            }
        }
        return new FeeHistory(oldest, baseFees.ToImmutable(), ratios.ToImmutable(), rewards.ToImmutable());
    }
}

using System.Collections.Immutable;

namespace Parley.Channels;

/// <summary>
/// How a channel's holdings of one asset are split among its participants: Solidity's
/// <c>struct AssetOutcome { address asset; uint256[] balances; }</c> of <c>contracts/src/IParleyApp.sol</c>, ABI type
/// <c>(address,uint256[])</c>. Immutable, with value equality (balances compared element by element).
/// </summary>
/// <param name="Asset">The asset: <see cref="Address.Zero"/> for ETH, else an ERC-20 token contract.</param>
/// <param name="Balances">
/// <c>Balances[i]</c> belongs to participant <c>i</c> of the channel's fixed part, in wei (ETH) or the token's base
/// units; one entry per participant. A default (uninitialised) array is treated as empty. A collection expression
/// works: <c>new AssetOutcome(Address.Zero, [100, 50])</c>.
/// </param>
public sealed record AssetOutcome(Address Asset, ImmutableArray<UInt256> Balances)
{
    /// <summary>The balances; never a default array (a default one given to the constructor reads as empty).</summary>
    public ImmutableArray<UInt256> Balances { get; init; } = Balances.IsDefault ? [] : Balances;

    /// <summary>The sum of the balances, in wei or token base units.</summary>
    /// <exception cref="OverflowException">The sum is 2^256 or more (Solidity would revert computing it).</exception>
    public UInt256 Total
    {
        get
        {
            var total = UInt256.Zero;
            foreach (var balance in Balances)
            {
                total = checked(total + balance);
            }
            return total;
        }
    }

    /// <summary>Value equality: the same asset and the same balances in the same order.</summary>
    public bool Equals(AssetOutcome? other) =>
        other is not null && Asset == other.Asset && Balances.AsSpan().SequenceEqual(other.Balances.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Asset);
        foreach (var balance in Balances)
        {
            hash.Add(balance);
        }
        return hash.ToHashCode();
    }

    /// <summary>A readable form, e.g. <c>0x0000…0000: [1, 2]</c>.</summary>
    public override string ToString() => $"{Asset}: [{string.Join(", ", Balances)}]";
}

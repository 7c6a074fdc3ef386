using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Parley.Abi;
using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// A channel's outcome: for each asset, how the channel's holdings are split among the participants — Solidity's
/// <c>AssetOutcome[]</c> of <c>contracts/src/IParleyApp.sol</c>, ABI type <c>(address,uint256[])[]</c> (see DESIGN.md,
/// "State"). Immutable, with value equality (same assets with the same balances, in the same order).
/// </summary>
/// <remarks>
/// <para><b>Encoding.</b> <see cref="Encode"/> is exactly what Solidity's <c>abi.encode(outcome)</c> computes for one
/// <c>AssetOutcome[] memory</c> argument: the offset word <c>0x20</c>, the number of assets, then the assets as
/// dynamic tuples (Solidity ABI specification, head/tail layout). <see cref="Hash"/> is its Keccak-256, the EIP-712
/// <c>outcomeHash</c> of a <c>State</c>. <see cref="WriteTo"/>/<see cref="ReadFrom"/> write and read the outcome as
/// one member of a larger encoding (for example the <c>outcome</c> argument of <c>reduce</c> calldata).</para>
/// <para>The type does not itself require every asset to have the same number of balances; use
/// <see cref="HasParticipantCount"/> to check an outcome against a channel's participants.</para>
/// </remarks>
public sealed class Outcome : IEquatable<Outcome>
{
    /// <summary>The canonical ABI type of an outcome: <c>(address,uint256[])[]</c>.</summary>
    public const string AbiTypeName = "(address,uint256[])[]";

    /// <summary>Creates an outcome from its asset outcomes, in order.</summary>
    /// <param name="assets">One entry per asset; none null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="assets"/> or one of its entries is null.</exception>
    public Outcome(IEnumerable<AssetOutcome> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        Assets = [.. assets];
        foreach (var asset in Assets)
        {
            if (asset is null)
            {
                throw new ArgumentNullException(nameof(assets), "An outcome's asset outcomes must not be null.");
            }
        }
    }

    /// <summary>Creates an outcome from its asset outcomes, in order.</summary>
    /// <param name="assets">One entry per asset; none null.</param>
    /// <exception cref="ArgumentNullException">An entry is null.</exception>
    public Outcome(params AssetOutcome[] assets)
        : this((IEnumerable<AssetOutcome>)assets)
    {
    }

    /// <summary>The outcome with no assets.</summary>
    public static Outcome Empty { get; } = new(ImmutableArray<AssetOutcome>.Empty);

    /// <summary>The asset outcomes, in order.</summary>
    public ImmutableArray<AssetOutcome> Assets { get; }

    /// <summary>
    /// The total of <paramref name="asset"/> over all participants (summed over every entry for that asset), in wei
    /// or token base units; 0 when the outcome has no entry for it.
    /// </summary>
    /// <exception cref="OverflowException">The sum is 2^256 or more.</exception>
    public UInt256 Total(Address asset)
    {
        var total = UInt256.Zero;
        foreach (var entry in Assets)
        {
            if (entry.Asset == asset)
            {
                total = checked(total + entry.Total);
            }
        }
        return total;
    }

    /// <summary>Whether every asset has exactly <paramref name="participantCount"/> balances (one per participant).</summary>
    public bool HasParticipantCount(int participantCount) => Assets.All(a => a.Balances.Length == participantCount);

    /// <summary>
    /// Whether <paramref name="next"/> conserves this outcome's totals, as a reducer's result must (DESIGN.md): the same
    /// assets in the same order, the same number of balances (participants) for each, and for each asset the same total.
    /// </summary>
    /// <param name="next">The outcome a transition produced.</param>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public bool ConservesTotals(Outcome next) => ConservesTotals(next, out _);

    /// <summary>
    /// As <see cref="ConservesTotals(Outcome)"/>, also saying which rule fails: <paramref name="violation"/> names the
    /// rule and the asset (for example <c>"asset 1 (0x…): total 10 became 11"</c>); null when the totals are conserved.
    /// A total of 2^256 or more in either outcome is a violation too (Solidity would revert summing it).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public bool ConservesTotals(Outcome next, [NotNullWhen(false)] out string? violation)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Assets.Length != Assets.Length)
        {
            violation = $"the number of assets changed from {Assets.Length} to {next.Assets.Length}";
            return false;
        }
        for (var i = 0; i < Assets.Length; i++)
        {
            var before = Assets[i];
            var after = next.Assets[i];
            if (before.Asset != after.Asset)
            {
                violation = $"asset {i} changed from {before.Asset} to {after.Asset}";
                return false;
            }
            if (before.Balances.Length != after.Balances.Length)
            {
                violation = $"asset {i} ({before.Asset}): the number of balances (participants) changed from {before.Balances.Length} to {after.Balances.Length}";
                return false;
            }
            UInt256 totalBefore, totalAfter;
            try
            {
                totalBefore = before.Total;
                totalAfter = after.Total;
            }
            catch (OverflowException)
            {
                violation = $"asset {i} ({before.Asset}): a total is 2^256 or more";
                return false;
            }
            if (totalBefore != totalAfter)
            {
                violation = $"asset {i} ({before.Asset}): total {totalBefore} became {totalAfter}";
                return false;
            }
        }
        violation = null;
        return true;
    }

    /// <summary>
    /// <c>abi.encode(outcome)</c> for one <c>AssetOutcome[] memory</c> argument, exactly as Solidity computes it (it
    /// begins with the offset word <c>0x20</c>).
    /// </summary>
    public byte[] Encode()
    {
        var writer = new AbiWriter(64 + Assets.Sum(a => 96 + 32 * a.Balances.Length) + 32 * Assets.Length);
        writer.BeginTuple(1);
        WriteTo(writer);
        writer.EndTuple();
        return writer.ToArray();
    }

    /// <summary>The EIP-712 <c>outcomeHash</c>: <c>keccak256(abi.encode(outcome))</c>, the Keccak-256 of <see cref="Encode"/>.</summary>
    public Bytes32 Hash() => Keccak256.Hash(Encode());

    /// <summary>
    /// Writes the outcome as one (dynamic) member of the tuple being written — its offset into the head, its encoding
    /// into the tail — for embedding in a larger encoding such as <c>reduce</c> calldata or return data.
    /// </summary>
    /// <param name="writer">A writer with a tuple or array open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open in <paramref name="writer"/>, or its head is full.</exception>
    public void WriteTo(AbiWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginArray(Assets.Length, 1);
        foreach (var asset in Assets)
        {
            writer.BeginTuple(2);
            writer.WriteAddress(asset.Asset);
            writer.BeginArray(asset.Balances.Length, 1);
            foreach (var balance in asset.Balances)
            {
                writer.WriteUInt256(balance);
            }
            writer.EndArray();
            writer.EndTuple();
        }
        writer.EndArray();
    }

    /// <summary>
    /// Reads an outcome that is one (dynamic) member of the tuple being read: the mirror of <see cref="WriteTo"/>.
    /// Error paths look like <c>outcome[1].balances[0]</c>.
    /// </summary>
    /// <param name="reader">A reader with a tuple or array open.</param>
    /// <param name="field">The member's name in error paths.</param>
    /// <exception cref="AbiDecodingException">The data is not a canonical encoding of an outcome.</exception>
    /// <exception cref="InvalidOperationException">No tuple is open in <paramref name="reader"/>, or its head is exhausted.</exception>
    public static Outcome ReadFrom(ref AbiReader reader, string? field = "outcome")
    {
        var count = reader.BeginArray(1, field);
        var assets = ImmutableArray.CreateBuilder<AssetOutcome>(count);
        for (var i = 0; i < count; i++)
        {
            reader.BeginTuple(2);
            var asset = reader.ReadAddress("asset");
            var n = reader.BeginArray(1, "balances");
            var balances = ImmutableArray.CreateBuilder<UInt256>(n);
            for (var j = 0; j < n; j++)
            {
                balances.Add(reader.ReadUInt256());
            }
            reader.EndArray();
            reader.EndTuple();
            assets.Add(new AssetOutcome(asset, balances.MoveToImmutable()));
        }
        reader.EndArray();
        return new Outcome(assets.MoveToImmutable());
    }

    /// <summary>
    /// Decodes <c>abi.encode(outcome)</c> (the form <see cref="Encode"/> produces) strictly: the data must be exactly
    /// the canonical encoding, nothing more.
    /// </summary>
    /// <exception cref="AbiDecodingException">The data is not the canonical encoding of an outcome; the exception gives the field path (e.g. <c>outcome[1].balances[0]</c>) and the reason.</exception>
    public static Outcome Decode(ReadOnlySpan<byte> data)
    {
        var reader = new AbiReader(data);
        reader.BeginTuple(1);
        var outcome = ReadFrom(ref reader);
        reader.EndTuple();
        reader.EnsureFullyConsumed();
        return outcome;
    }

    /// <summary>Value equality: the same asset outcomes in the same order.</summary>
    public bool Equals(Outcome? other) => other is not null && Assets.AsSpan().SequenceEqual(other.Assets.AsSpan());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Outcome);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var asset in Assets)
        {
            hash.Add(asset);
        }
        return hash.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Outcome? left, Outcome? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Outcome? left, Outcome? right) => !(left == right);

    /// <summary>A readable form, e.g. <c>[0x0000…0000: [1, 2]; 0x2c75…5c23: [3]]</c>.</summary>
    public override string ToString() => "[" + string.Join("; ", Assets) + "]";
}

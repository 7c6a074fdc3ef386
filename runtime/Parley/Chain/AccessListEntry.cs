using System.Collections.Immutable;

namespace Parley.Chain;

/// <summary>
/// One entry of an EIP-2930 access list: an account and the storage slots of it a transaction declares it will touch
/// (pre-warmed, at 2,400 gas per address and 1,900 per slot). RLP: <c>[address, [storageKey, …]]</c>.
/// </summary>
/// <param name="Address">The account.</param>
/// <param name="StorageKeys">The storage slots, 32 bytes each (may be empty).</param>
public sealed record AccessListEntry(Address Address, ImmutableArray<Bytes32> StorageKeys)
{
    /// <summary>The storage keys (never default: a default array reads as empty).</summary>
    public ImmutableArray<Bytes32> StorageKeys { get; init; } = StorageKeys.IsDefault ? [] : StorageKeys;

    /// <summary>Value equality: the same address and the same keys in the same order.</summary>
    public bool Equals(AccessListEntry? other) =>
        other is not null && Address == other.Address && StorageKeys.AsSpan().SequenceEqual(other.StorageKeys.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address, StorageKeys.Length);
}

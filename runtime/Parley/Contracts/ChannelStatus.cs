using System.Buffers.Binary;
using Parley.Channels;

namespace Parley.Contracts;

/// <summary>
/// A channel's status word in the adjudicator (<c>statusOf(channelId)</c>), unpacked: <c>turnNumRecord</c> (bits
/// 208–255) | <c>finalizesAt</c> (bits 160–207) | <c>fingerprint</c> (bits 0–159), as Nitro packs it.
/// </summary>
/// <remarks>
/// <para><see cref="FinalizesAt"/> = 0 means the channel is open (no challenge); a value after the current block's
/// timestamp means a challenge is running; otherwise the channel is finalized and its registered outcome can be
/// withdrawn. Compare with a block timestamp (unix seconds of chain time), not the local clock.</para>
/// <para>The fingerprint is the low 160 bits of the EIP-712 <c>hashStruct(State)</c> of the registered state
/// (<see cref="State.StructHash"/>); after payouts, of that state with the outcome less what was paid.</para>
/// </remarks>
/// <param name="TurnNumRecord">The turn number of the registered (or checkpointed) state.</param>
/// <param name="FinalizesAt">When the registered state finalizes, unix seconds; 0 when no challenge was registered or it was cleared.</param>
/// <param name="Fingerprint">The low 160 bits of the registered state's struct hash, big-endian (20 bytes as an <see cref="Address"/>-sized value).</param>
public readonly record struct ChannelStatus(ulong TurnNumRecord, ulong FinalizesAt, Address Fingerprint)
{
    /// <summary>The status of a channel the adjudicator has never registered anything for (the zero word).</summary>
    public static ChannelStatus None => default;

    /// <summary>Whether nothing is registered (the zero word).</summary>
    public bool IsNone => TurnNumRecord == 0 && FinalizesAt == 0 && Fingerprint.IsZero;

    /// <summary>Whether a challenge is running at chain time <paramref name="now"/> (unix seconds).</summary>
    public bool IsChallengeRunning(ulong now) => FinalizesAt != 0 && now < FinalizesAt;

    /// <summary>Whether the channel is finalized at chain time <paramref name="now"/> (unix seconds).</summary>
    public bool IsFinalized(ulong now) => FinalizesAt != 0 && now >= FinalizesAt;

    /// <summary>Whether <paramref name="structHash"/> (an EIP-712 state struct hash) has this status's fingerprint.</summary>
    public bool Matches(Bytes32 structHash) => new Address(structHash.AsSpan()[12..]) == Fingerprint;

    /// <summary>Unpacks a status word (32 bytes, big-endian).</summary>
    public static ChannelStatus FromWord(Bytes32 word)
    {
        var span = word.AsSpan();
        Span<byte> eight = stackalloc byte[8];
        eight.Clear();
        span[..6].CopyTo(eight[2..]);
        var turnNum = BinaryPrimitives.ReadUInt64BigEndian(eight);
        span[6..12].CopyTo(eight[2..]);
        var finalizesAt = BinaryPrimitives.ReadUInt64BigEndian(eight);
        return new ChannelStatus(turnNum, finalizesAt, new Address(span[12..]));
    }

    /// <inheritdoc/>
    public override string ToString() => IsNone
        ? "none"
        : $"turnNumRecord {TurnNumRecord}, finalizesAt {(FinalizesAt == 0 ? "open" : FinalizesAt.ToString(System.Globalization.CultureInfo.InvariantCulture))}, fingerprint {Fingerprint.ToLowerHex()}";
}

using System.Collections.Immutable;
using Parley.Channels;
using Parley.Crypto;
using Parley.Store;

namespace Parley.Protocol;

/// <summary>A state of a channel with the signatures this node holds on it.</summary>
/// <param name="TurnNum">The turnNum.</param>
/// <param name="IsFinal">The isFinal flag.</param>
/// <param name="AppData">The appData (canonical ABI encoding of the state machine's fields).</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Hash">The EIP-712 digest every participant signs.</param>
/// <param name="Kind">Whether it was agreed directly or produced by an action.</param>
/// <param name="Action">The action that produced it (empty for agreed states).</param>
/// <param name="ParentHash">The digest of the state it builds on (zero for turnNum 0).</param>
/// <param name="Signatures">Per participant index, its signature on <see cref="Hash"/> or null.</param>
public sealed record LoggedState(
    ulong TurnNum,
    bool IsFinal,
    byte[] AppData,
    Outcome Outcome,
    Bytes32 Hash,
    LogEntryKind Kind,
    byte[] Action,
    Bytes32 ParentHash,
    ImmutableArray<Signature?> Signatures)
{
    /// <summary>Whether every participant signed.</summary>
    public bool IsFullySigned
    {
        get
        {
            foreach (var signature in Signatures)
            {
                if (signature is null)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>The indices of the participants whose signature is missing.</summary>
    public IReadOnlyList<int> Unsigned => Enumerable.Range(0, Signatures.Length).Where(i => Signatures[i] is null).ToArray();

    /// <summary>The same state with participant <paramref name="index"/>'s signature added.</summary>
    public LoggedState WithSignature(int index, Signature signature) => this with { Signatures = Signatures.SetItem(index, signature) };

    /// <summary>The log entry recording this state.</summary>
    public LogEntry ToLogEntry() => Kind == LogEntryKind.Action
        ? LogEntry.ForAction(TurnNum, ParentHash, Hash, IsFinal, Action)
        : LogEntry.ForAgreed(TurnNum, ParentHash, Hash, IsFinal, AppData, Outcome.Encode());

    /// <summary>The EIP-712 digest of a state of the channel with fixed part <paramref name="fixedPart"/>.</summary>
    public static Bytes32 Digest(FixedPart fixedPart, ulong turnNum, bool isFinal, ReadOnlySpan<byte> appData, Outcome outcome) =>
        ParleyState.Digest(fixedPart.Domain, fixedPart.ChannelId, turnNum, isFinal, Keccak256.Hash(appData), outcome.Hash());
}

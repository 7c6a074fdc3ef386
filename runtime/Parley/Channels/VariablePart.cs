using System.Collections.Immutable;
using Parley.Abi;
using Parley.Crypto;

namespace Parley.Channels;

/// <summary>
/// The part of a channel's state that changes from turn to turn (DESIGN.md, "State"; Solidity <c>VariablePart</c> of
/// <c>contracts/src/ChannelTypes.sol</c>): <c>(bytes appData, AssetOutcome[] outcome, uint48 turnNum, bool
/// isFinal)</c>. Immutable, with value equality.
/// </summary>
/// <remarks>
/// Participants sign the EIP-712 struct <c>State(bytes32 channelId, uint48 turnNum, bool isFinal, bytes32 appDataHash,
/// bytes32 outcomeHash)</c> with <see cref="AppDataHash"/> = keccak256(appData) and <see cref="OutcomeHash"/> =
/// keccak256(abi.encode(outcome)); see <see cref="StructHash"/> and <see cref="State"/>.
/// </remarks>
public sealed class VariablePart : IEquatable<VariablePart>
{
    /// <summary>The ABI type of the variable part as one tuple (a function parameter of the adjudicator).</summary>
    public const string AbiTupleType = "(bytes,(address,uint256[])[],uint48,bool)";

    /// <summary>Creates a variable part.</summary>
    /// <param name="appData">The canonical ABI encoding of the state machine's fields (copied).</param>
    /// <param name="outcome">The outcome: per asset, the participants' balances.</param>
    /// <param name="turnNum">The turn number, 0 to 2^48 − 1.</param>
    /// <param name="isFinal">Whether the state is terminal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turnNum"/> is above 2^48 − 1.</exception>
    public VariablePart(ReadOnlySpan<byte> appData, Outcome outcome, ulong turnNum, bool isFinal)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (turnNum > ParleyState.MaxTurnNum)
        {
            throw new ArgumentOutOfRangeException(nameof(turnNum), turnNum, $"turnNum is a uint48: at most {ParleyState.MaxTurnNum}.");
        }
        AppData = [.. appData];
        Outcome = outcome;
        TurnNum = turnNum;
        IsFinal = isFinal;
        AppDataHash = Keccak256.Hash(appData);
        OutcomeHash = outcome.Hash();
    }

    /// <summary>The app data: the canonical ABI encoding of the state machine's fields.</summary>
    public ImmutableArray<byte> AppData { get; }

    /// <summary>The outcome.</summary>
    public Outcome Outcome { get; }

    /// <summary>The turn number.</summary>
    public ulong TurnNum { get; }

    /// <summary>Whether the state is terminal.</summary>
    public bool IsFinal { get; }

    /// <summary>keccak256(appData), the EIP-712 <c>appDataHash</c>.</summary>
    public Bytes32 AppDataHash { get; }

    /// <summary>keccak256(abi.encode(outcome)), the EIP-712 <c>outcomeHash</c>.</summary>
    public Bytes32 OutcomeHash { get; }

    /// <summary>EIP-712 <c>hashStruct(State)</c> of this variable part in channel <paramref name="channelId"/>.</summary>
    public Bytes32 StructHash(Bytes32 channelId) => ParleyState.StructHash(channelId, TurnNum, IsFinal, AppDataHash, OutcomeHash);

    /// <summary>A copy with another outcome (for example the outcome less what was already withdrawn).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="outcome"/> is null.</exception>
    public VariablePart WithOutcome(Outcome outcome) => new(AppData.AsSpan(), outcome, TurnNum, IsFinal);

    /// <summary>
    /// Writes the variable part as a tuple: at the top level, <c>abi.encode(appData, outcome, turnNum, isFinal)</c>;
    /// inside an open tuple, one dynamic tuple member (as in the adjudicator's calldata and events).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The enclosing head is full, or a top-level tuple was already written.</exception>
    public void WriteTo(AbiWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginTuple(4);
        writer.WriteBytes(AppData.AsSpan());
        Outcome.WriteTo(writer);
        writer.WriteUInt(TurnNum, 48);
        writer.WriteBool(IsFinal);
        writer.EndTuple();
    }

    /// <summary>Reads a variable part written by <see cref="WriteTo"/> (top level, or as a tuple member).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="field">The member's name in error paths.</param>
    /// <exception cref="AbiDecodingException">The data is not a canonical encoding of a variable part.</exception>
    public static VariablePart ReadFrom(ref AbiReader reader, string? field = "state")
    {
        reader.BeginTuple(4, field);
        var appData = reader.ReadBytes("appData");
        var outcome = Outcome.ReadFrom(ref reader);
        var turnNum = reader.ReadUInt(48, "turnNum");
        var isFinal = reader.ReadBool("isFinal");
        reader.EndTuple();
        return new VariablePart(appData, outcome, turnNum, isFinal);
    }

    /// <summary>Value equality: the same app data, outcome, turn number and final flag.</summary>
    public bool Equals(VariablePart? other) =>
        other is not null && TurnNum == other.TurnNum && IsFinal == other.IsFinal && AppDataHash == other.AppDataHash
        && AppData.AsSpan().SequenceEqual(other.AppData.AsSpan()) && Outcome.Equals(other.Outcome);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VariablePart);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(AppDataHash, OutcomeHash, TurnNum, IsFinal);

    /// <inheritdoc/>
    public override string ToString() =>
        $"turn {TurnNum}{(IsFinal ? " (final)" : "")}, appData {AppData.Length} bytes, outcome {Outcome}";
}

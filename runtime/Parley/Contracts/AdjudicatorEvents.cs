using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Parley.Abi;
using Parley.Chain;
using Parley.Channels;
using Parley.Crypto;

namespace Parley.Contracts;

/// <summary>An event of Parley's adjudicator, decoded (see <see cref="AdjudicatorEvents"/>).</summary>
/// <param name="ChannelId">The channel it is about (the first indexed topic of every adjudicator event).</param>
public abstract record AdjudicatorEvent(Bytes32 ChannelId);

/// <summary><c>Deposited(bytes32 indexed channelId, address asset, uint256 holdings)</c>: a deposit; the channel now holds <paramref name="Holdings"/>.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Asset">The asset (<see cref="AdjudicatorAbi.EthAsset"/> for ETH).</param>
/// <param name="Holdings">The channel's holdings of the asset after the deposit (wei or token base units).</param>
public sealed record DepositedEvent(Bytes32 ChannelId, Address Asset, UInt256 Holdings) : AdjudicatorEvent(ChannelId);

/// <summary>
/// <c>Challenged(bytes32 indexed channelId, uint48 turnNumRecord, uint48 finalizesAt, bool isFinal, bytes appData,
/// AssetOutcome[] outcome)</c>: a challenge registered <see cref="State"/>, which finalizes at <paramref name="FinalizesAt"/>
/// unless answered.
/// </summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="State">The registered state (when the challenge carried moves, the state they produced).</param>
/// <param name="FinalizesAt">The end of the challenge window, unix seconds of chain time.</param>
public sealed record ChallengedEvent(Bytes32 ChannelId, VariablePart State, ulong FinalizesAt) : AdjudicatorEvent(ChannelId);

/// <summary><c>Checkpointed(bytes32 indexed channelId, uint48 turnNumRecord)</c>: a newer supported state was recorded; any challenge is cleared.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNumRecord">The recorded turn number.</param>
public sealed record CheckpointedEvent(Bytes32 ChannelId, ulong TurnNumRecord) : AdjudicatorEvent(ChannelId);

/// <summary>
/// <c>Progressed(bytes32 indexed channelId, uint48 turnNumRecord, uint48 finalizesAt, bool isFinal, uint256 moverIndex,
/// bytes action, bytes signature)</c>: participant <paramref name="MoverIndex"/> answered the challenge with
/// <paramref name="Move"/>; the state it produced (turn <paramref name="TurnNumRecord"/>) is registered and the challenge
/// runs on until <paramref name="FinalizesAt"/>.
/// </summary>
/// <remarks>Rebuild the new state by applying the move's action to the previously registered state with the app's reducer.</remarks>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNumRecord">The new state's turn number.</param>
/// <param name="FinalizesAt">The new end of the challenge window, unix seconds.</param>
/// <param name="IsFinal">Whether the new state is final.</param>
/// <param name="MoverIndex">The mover's participant index.</param>
/// <param name="Move">The action and the mover's signature on the new state.</param>
public sealed record ProgressedEvent(Bytes32 ChannelId, ulong TurnNumRecord, ulong FinalizesAt, bool IsFinal, int MoverIndex, Move Move)
    : AdjudicatorEvent(ChannelId);

/// <summary><c>Concluded(bytes32 indexed channelId, uint48 turnNumRecord)</c>: concluded with a final state signed by all; finalized at once.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="TurnNumRecord">The final state's turn number.</param>
public sealed record ConcludedEvent(Bytes32 ChannelId, ulong TurnNumRecord) : AdjudicatorEvent(ChannelId);

/// <summary><c>FundingReclaimed(bytes32 indexed channelId)</c>: funding was incomplete after the deadline; the pre-fund state is final.</summary>
/// <param name="ChannelId">The channel.</param>
public sealed record FundingReclaimedEvent(Bytes32 ChannelId) : AdjudicatorEvent(ChannelId);

/// <summary><c>Withdrawn(bytes32 indexed channelId, address indexed asset, uint256[] amounts)</c>: <c>amounts[i]</c> of the asset was paid to participant i.</summary>
/// <param name="ChannelId">The channel.</param>
/// <param name="Asset">The asset paid.</param>
/// <param name="Amounts">Per participant, the amount paid (0 for those not paid).</param>
public sealed record WithdrawnEvent(Bytes32 ChannelId, Address Asset, ImmutableArray<UInt256> Amounts) : AdjudicatorEvent(ChannelId)
{
    /// <summary>The total paid.</summary>
    /// <exception cref="OverflowException">The sum exceeds 2^256 − 1 (never for real events).</exception>
    public UInt256 Total => Amounts.Aggregate(UInt256.Zero, (sum, x) => checked(sum + x));

    /// <inheritdoc/>
    public override string ToString() => $"Withdrawn {{ ChannelId = {ChannelId}, Asset = {Asset}, Amounts = [{string.Join(", ", Amounts)}] }}";
}

/// <summary>
/// Decodes the adjudicator's event logs into <see cref="AdjudicatorEvent"/> records: topic 0 is keccak256 of the
/// event's canonical signature, the indexed arguments follow as topics, the others are ABI-encoded in the data
/// (Solidity ABI specification, "Events").
/// </summary>
public static class AdjudicatorEvents
{
    /// <summary>The canonical signature of <c>Deposited</c>.</summary>
    public const string DepositedSignature = "Deposited(bytes32,address,uint256)";

    /// <summary>The canonical signature of <c>Challenged</c>.</summary>
    public const string ChallengedSignature = "Challenged(bytes32,uint48,uint48,bool,bytes," + Outcome.AbiTypeName + ")";

    /// <summary>The canonical signature of <c>Checkpointed</c>.</summary>
    public const string CheckpointedSignature = "Checkpointed(bytes32,uint48)";

    /// <summary>The canonical signature of <c>Progressed</c>.</summary>
    public const string ProgressedSignature = "Progressed(bytes32,uint48,uint48,bool,uint256,bytes,bytes)";

    /// <summary>The canonical signature of <c>Concluded</c>.</summary>
    public const string ConcludedSignature = "Concluded(bytes32,uint48)";

    /// <summary>The canonical signature of <c>FundingReclaimed</c>.</summary>
    public const string FundingReclaimedSignature = "FundingReclaimed(bytes32)";

    /// <summary>The canonical signature of <c>Withdrawn</c>.</summary>
    public const string WithdrawnSignature = "Withdrawn(bytes32,address,uint256[])";

    /// <summary>Topic 0 of <c>Deposited</c>.</summary>
    public static Bytes32 DepositedTopic { get; } = TopicOf(DepositedSignature);

    /// <summary>Topic 0 of <c>Challenged</c>.</summary>
    public static Bytes32 ChallengedTopic { get; } = TopicOf(ChallengedSignature);

    /// <summary>Topic 0 of <c>Checkpointed</c>.</summary>
    public static Bytes32 CheckpointedTopic { get; } = TopicOf(CheckpointedSignature);

    /// <summary>Topic 0 of <c>Progressed</c>.</summary>
    public static Bytes32 ProgressedTopic { get; } = TopicOf(ProgressedSignature);

    /// <summary>Topic 0 of <c>Concluded</c>.</summary>
    public static Bytes32 ConcludedTopic { get; } = TopicOf(ConcludedSignature);

    /// <summary>Topic 0 of <c>FundingReclaimed</c>.</summary>
    public static Bytes32 FundingReclaimedTopic { get; } = TopicOf(FundingReclaimedSignature);

    /// <summary>Topic 0 of <c>Withdrawn</c>.</summary>
    public static Bytes32 WithdrawnTopic { get; } = TopicOf(WithdrawnSignature);

    /// <summary>Every event's canonical signature.</summary>
    public static ImmutableArray<string> Signatures { get; } =
    [
        DepositedSignature, ChallengedSignature, CheckpointedSignature, ProgressedSignature, ConcludedSignature,
        FundingReclaimedSignature, WithdrawnSignature,
    ];

    /// <summary>keccak256 of an event's canonical signature: its topic 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="signature"/> is null.</exception>
    public static Bytes32 TopicOf(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(signature));
    }

    /// <summary>
    /// Decodes <paramref name="log"/> when its topic 0 is one of the adjudicator's events; returns false (and null) for
    /// any other log. Does not check the emitting address: filter by it first.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    /// <exception cref="AbiDecodingException">The topic is the adjudicator's but the topics or data are malformed.</exception>
    public static bool TryDecode(LogEntry log, [NotNullWhen(true)] out AdjudicatorEvent? decoded)
    {
        ArgumentNullException.ThrowIfNull(log);
        decoded = null;
        if (log.Topics.Count == 0)
        {
            return false;
        }
        var topic = log.Topics[0];
        var data = log.Data.Span;
        if (topic == DepositedTopic)
        {
            var channelId = Topic(log, 1, 2);
            var r = Begin(data, 2);
            var asset = r.ReadAddress("asset");
            var holdings = r.ReadUInt256("holdings");
            End(ref r);
            decoded = new DepositedEvent(channelId, asset, holdings);
        }
        else if (topic == ChallengedTopic)
        {
            var channelId = Topic(log, 1, 2);
            var r = Begin(data, 5);
            var turnNum = r.ReadUInt(48, "turnNumRecord");
            var finalizesAt = r.ReadUInt(48, "finalizesAt");
            var isFinal = r.ReadBool("isFinal");
            var appData = r.ReadBytes("appData");
            var outcome = Outcome.ReadFrom(ref r);
            End(ref r);
            decoded = new ChallengedEvent(channelId, new VariablePart(appData, outcome, turnNum, isFinal), finalizesAt);
        }
        else if (topic == CheckpointedTopic)
        {
            var channelId = Topic(log, 1, 2);
            var r = Begin(data, 1);
            var turnNum = r.ReadUInt(48, "turnNumRecord");
            End(ref r);
            decoded = new CheckpointedEvent(channelId, turnNum);
        }
        else if (topic == ProgressedTopic)
        {
            var channelId = Topic(log, 1, 2);
            var r = Begin(data, 6);
            var turnNum = r.ReadUInt(48, "turnNumRecord");
            var finalizesAt = r.ReadUInt(48, "finalizesAt");
            var isFinal = r.ReadBool("isFinal");
            var mover = ReadIndex(ref r, "moverIndex");
            var action = r.ReadBytes("action");
            var signatureBytes = r.ReadBytes("signature");
            Signature signature;
            try
            {
                signature = Signature.FromBytes(signatureBytes);
            }
            catch (SignatureException e)
            {
                throw new AbiDecodingException(AbiDecodingError.LengthOutOfRange, "signature", 0, $"not a 65-byte signature: {e.Message}");
            }
            var move = new Move(action, signature);
            End(ref r);
            decoded = new ProgressedEvent(channelId, turnNum, finalizesAt, isFinal, mover, move);
        }
        else if (topic == ConcludedTopic)
        {
            var channelId = Topic(log, 1, 2);
            var r = Begin(data, 1);
            var turnNum = r.ReadUInt(48, "turnNumRecord");
            End(ref r);
            decoded = new ConcludedEvent(channelId, turnNum);
        }
        else if (topic == FundingReclaimedTopic)
        {
            var channelId = Topic(log, 1, 2);
            if (!data.IsEmpty)
            {
                throw new AbiDecodingException(AbiDecodingError.TrailingData, "FundingReclaimed", 0, "the event has no data.");
            }
            decoded = new FundingReclaimedEvent(channelId);
        }
        else if (topic == WithdrawnTopic)
        {
            var channelId = Topic(log, 1, 3);
            var asset = new Address(Topic(log, 2, 3).AsSpan()[12..]);
            var r = Begin(data, 1);
            var n = r.BeginArray(1, "amounts");
            var amounts = ImmutableArray.CreateBuilder<UInt256>(n);
            for (var i = 0; i < n; i++)
            {
                amounts.Add(r.ReadUInt256());
            }
            r.EndArray();
            End(ref r);
            decoded = new WithdrawnEvent(channelId, asset, amounts.MoveToImmutable());
        }
        return decoded is not null;
    }

    /// <summary>Decodes the logs of <paramref name="logs"/> emitted by <paramref name="adjudicator"/> that are adjudicator events, in order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="logs"/> is null.</exception>
    /// <exception cref="AbiDecodingException">An adjudicator event is malformed.</exception>
    public static IReadOnlyList<AdjudicatorEvent> DecodeAll(IEnumerable<LogEntry> logs, Address adjudicator)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var events = new List<AdjudicatorEvent>();
        foreach (var log in logs)
        {
            if (log.Address == adjudicator && TryDecode(log, out var e))
            {
                events.Add(e);
            }
        }
        return events;
    }

    private static Bytes32 Topic(LogEntry log, int index, int expectedCount)
    {
        if (log.Topics.Count != expectedCount)
        {
            throw new AbiDecodingException(AbiDecodingError.Truncated, "topics", 0,
                $"expected {expectedCount} topics for this event, got {log.Topics.Count}.");
        }
        return log.Topics[index];
    }

    private static AbiReader Begin(ReadOnlySpan<byte> data, int headWords)
    {
        var r = new AbiReader(data);
        r.BeginTuple(headWords);
        return r;
    }

    private static void End(ref AbiReader r)
    {
        r.EndTuple();
        r.EnsureFullyConsumed();
    }

    internal static int ReadIndex(ref AbiReader r, string field)
    {
        var value = r.ReadUInt(64, field);
        if (value > int.MaxValue)
        {
            throw new AbiDecodingException(AbiDecodingError.DirtyHighBits, field, 0, $"an index of {value} is out of range.");
        }
        return (int)value;
    }
}

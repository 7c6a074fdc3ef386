using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Parley.Abi;

namespace Parley.Contracts;

/// <summary>
/// Decodes revert data of adjudicator calls, by selector, into <see cref="AdjudicatorError"/> records.
/// </summary>
public static class AdjudicatorErrors
{
    private delegate AdjudicatorError Reader(ref AbiReader reader);

    private sealed record Entry(string Signature, int HeadWords, Reader Read);

    private static readonly FrozenDictionary<uint, Entry> Table = BuildTable();

    /// <summary>The canonical signatures of every error this class decodes, standard <c>Error(string)</c> and <c>Panic(uint256)</c> included.</summary>
    public static ImmutableArray<string> Signatures { get; } = [.. Table.Values.Select(e => e.Signature).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Decodes <paramref name="revertData"/>: a known error when its selector and arguments match one, else
    /// <see cref="UnknownRevertError"/> (also for empty data or malformed arguments). Never throws for bad data.
    /// </summary>
    public static AdjudicatorError Decode(ReadOnlySpan<byte> revertData)
    {
        if (revertData.Length >= 4 && Table.TryGetValue(BinaryPrimitives.ReadUInt32BigEndian(revertData), out var entry))
        {
            var arguments = revertData[4..];
            if (entry.HeadWords == 0)
            {
                // No arguments: the data must be the bare selector; the reader is not used.
                if (arguments.IsEmpty)
                {
                    var none = new AbiReader(arguments);
                    return entry.Read(ref none);
                }
            }
            else
            {
                try
                {
                    var r = new AbiReader(arguments);
                    r.BeginTuple(entry.HeadWords);
                    var error = entry.Read(ref r);
                    r.EndTuple();
                    r.EnsureFullyConsumed();
                    return error;
                }
                catch (AbiDecodingException)
                {
                    // Malformed arguments: reported as unknown data below.
                }
            }
        }
        return new UnknownRevertError(ImmutableArray.Create(revertData));
    }

    /// <summary>Decodes <c>Error(string)</c> revert data (for example an app's reason inside <see cref="ActionRejectedError.Reason"/>).</summary>
    /// <returns>Whether the data is exactly an <c>Error(string)</c>.</returns>
    public static bool TryDecodeErrorString(ReadOnlySpan<byte> revertData, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? reason)
    {
        reason = Decode(revertData) is RevertReasonError e ? e.Reason : null;
        return reason is not null;
    }

    private static FrozenDictionary<uint, Entry> BuildTable()
    {
        var table = new Dictionary<uint, Entry>();
        Add(table, RevertReasonError.CanonicalSignature, 1, (ref AbiReader r) => new RevertReasonError(r.ReadString("reason")));
        Add(table, PanicError.CanonicalSignature, 1, (ref AbiReader r) => new PanicError(r.ReadUInt256("code")));
        Add(table, WrongChainIdError.CanonicalSignature, 2, (ref AbiReader r) => new WrongChainIdError(r.ReadUInt256("expected"), r.ReadUInt256("actual")));
        Add(table, WrongAdjudicatorError.CanonicalSignature, 2, (ref AbiReader r) => new WrongAdjudicatorError(r.ReadAddress("expected"), r.ReadAddress("actual")));
        Add(table, NoParticipantsError.CanonicalSignature, 0, (ref AbiReader r) => new NoParticipantsError());
        Add(table, ZeroChallengeDurationError.CanonicalSignature, 0, (ref AbiReader r) => new ZeroChallengeDurationError());
        Add(table, SignaturesLengthMismatchError.CanonicalSignature, 2, (ref AbiReader r) => new SignaturesLengthMismatchError(r.ReadUInt256("expected"), r.ReadUInt256("actual")));
        Add(table, InvalidSignatureLengthError.CanonicalSignature, 2, (ref AbiReader r) => new InvalidSignatureLengthError(r.ReadUInt256("participantIndex"), r.ReadUInt256("length")));
        Add(table, HighSSignatureError.CanonicalSignature, 1, (ref AbiReader r) => new HighSSignatureError(r.ReadUInt256("participantIndex")));
        Add(table, InvalidSignatureError.CanonicalSignature, 1, (ref AbiReader r) => new InvalidSignatureError(r.ReadUInt256("participantIndex")));
        Add(table, WrongSignerError.CanonicalSignature, 3, (ref AbiReader r) => new WrongSignerError(r.ReadUInt256("participantIndex"), r.ReadAddress("expected"), r.ReadAddress("recovered")));
        Add(table, OutcomeLengthMismatchError.CanonicalSignature, 3, (ref AbiReader r) => new OutcomeLengthMismatchError(r.ReadUInt256("assetIndex"), r.ReadUInt256("expected"), r.ReadUInt256("actual")));
        Add(table, DuplicateAssetError.CanonicalSignature, 2, (ref AbiReader r) => new DuplicateAssetError(r.ReadUInt256("assetIndex"), r.ReadAddress("asset")));
        Add(table, ChannelFinalizedError.CanonicalSignature, 1, (ref AbiReader r) => new ChannelFinalizedError(r.ReadBytes32("channel")));
        Add(table, ChannelNotFinalizedError.CanonicalSignature, 2, (ref AbiReader r) => new ChannelNotFinalizedError(r.ReadBytes32("channel"), r.ReadUInt(48, "finalizesAt")));
        Add(table, StaleTurnNumError.CanonicalSignature, 2, (ref AbiReader r) => new StaleTurnNumError(r.ReadUInt(48, "turnNumRecord"), r.ReadUInt(48, "turnNum")));
        Add(table, StateNotFinalError.CanonicalSignature, 1, (ref AbiReader r) => new StateNotFinalError(r.ReadUInt(48, "turnNum")));
        Add(table, FinalStateHasNoMovesError.CanonicalSignature, 1, (ref AbiReader r) => new FinalStateHasNoMovesError(r.ReadUInt(48, "turnNum")));
        Add(table, NoChallengeRunningError.CanonicalSignature, 1, (ref AbiReader r) => new NoChallengeRunningError(r.ReadBytes32("channel")));
        Add(table, RegisteredStateMismatchError.CanonicalSignature, 1, (ref AbiReader r) => new RegisteredStateMismatchError(r.ReadBytes32("channel")));
        Add(table, InvalidMoverError.CanonicalSignature, 2, (ref AbiReader r) => new InvalidMoverError(r.ReadUInt(48, "turnNum"), r.ReadUInt256("moverIndex")));
        Add(table, ActionRejectedError.CanonicalSignature, 3, (ref AbiReader r) => new ActionRejectedError(r.ReadUInt(48, "turnNum"), r.ReadUInt256("moverIndex"), ImmutableArray.Create(r.ReadBytes("reason"))));
        Add(table, OutcomeShapeChangedError.CanonicalSignature, 2, (ref AbiReader r) => new OutcomeShapeChangedError(r.ReadUInt(48, "turnNum"), r.ReadUInt256("assetIndex")));
        Add(table, OutcomeNotConservedError.CanonicalSignature, 4, (ref AbiReader r) => new OutcomeNotConservedError(r.ReadUInt(48, "turnNum"), r.ReadAddress("asset"), r.ReadUInt256("totalBefore"), r.ReadUInt256("totalAfter")));
        Add(table, HoldingsMismatchError.CanonicalSignature, 2, (ref AbiReader r) => new HoldingsMismatchError(r.ReadUInt256("held"), r.ReadUInt256("expectedHeld")));
        Add(table, ZeroDepositError.CanonicalSignature, 0, (ref AbiReader r) => new ZeroDepositError());
        Add(table, FundingDeadlineMismatchError.CanonicalSignature, 2, (ref AbiReader r) => new FundingDeadlineMismatchError(r.ReadUInt(48, "fundingDeadline"), r.ReadUInt(48, "given")));
        Add(table, HoldingsOverflowError.CanonicalSignature, 0, (ref AbiReader r) => new HoldingsOverflowError());
        Add(table, TokenAmountMismatchError.CanonicalSignature, 3, (ref AbiReader r) => new TokenAmountMismatchError(r.ReadAddress("token"), r.ReadUInt256("expected"), r.ReadUInt256("received")));
        Add(table, EthTransferFailedError.CanonicalSignature, 2, (ref AbiReader r) => new EthTransferFailedError(r.ReadAddress("recipient"), r.ReadUInt256("amount")));
        Add(table, NothingToWithdrawError.CanonicalSignature, 1, (ref AbiReader r) => new NothingToWithdrawError(r.ReadBytes32("channel")));
        Add(table, IndexOutOfRangeError.CanonicalSignature, 2, (ref AbiReader r) => new IndexOutOfRangeError(r.ReadUInt256("index"), r.ReadUInt256("length")));
        Add(table, NotPrefundStateError.CanonicalSignature, 1, (ref AbiReader r) => new NotPrefundStateError(r.ReadUInt(48, "turnNum")));
        Add(table, ChannelInProgressError.CanonicalSignature, 1, (ref AbiReader r) => new ChannelInProgressError(r.ReadUInt(48, "turnNumRecord")));
        Add(table, FundingDeadlineNotPassedError.CanonicalSignature, 1, (ref AbiReader r) => new FundingDeadlineNotPassedError(r.ReadUInt(48, "fundingDeadline")));
        Add(table, NoFundingDeadlineError.CanonicalSignature, 1, (ref AbiReader r) => new NoFundingDeadlineError(r.ReadBytes32("channel")));
        Add(table, FundingCompleteError.CanonicalSignature, 1, (ref AbiReader r) => new FundingCompleteError(r.ReadBytes32("channel")));
        Add(table, ReentrantCallError.CanonicalSignature, 0, (ref AbiReader r) => new ReentrantCallError());
        Add(table, InvalidShortStringError.CanonicalSignature, 0, (ref AbiReader r) => new InvalidShortStringError());
        Add(table, StringTooLongError.CanonicalSignature, 1, (ref AbiReader r) => new StringTooLongError(r.ReadString("text")));
        Add(table, SafeERC20FailedOperationError.CanonicalSignature, 1, (ref AbiReader r) => new SafeERC20FailedOperationError(r.ReadAddress("token")));
        return table.ToFrozenDictionary();
    }

    private static void Add(Dictionary<uint, Entry> table, string signature, int headWords, Reader read) =>
        table.Add(AdjudicatorAbi.SelectorOf(signature), new Entry(signature, headWords, read));
}

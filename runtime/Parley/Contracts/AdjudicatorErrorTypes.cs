using System.Collections.Immutable;

namespace Parley.Contracts;

// The adjudicator's custom errors (contracts/src/IAdjudicator.sol, ReentrantCall from ReentrancyLock.sol, and
// OpenZeppelin's SafeERC20FailedOperation, InvalidShortString and StringTooLong), one record each. Decode revert data
// with AdjudicatorErrors.Decode.

/// <summary><c>WrongChainId(uint256,uint256)</c>: The fixed part names another chain.</summary>
/// <param name="Expected">This chain's id (block.chainid).</param>
/// <param name="Actual">The fixed part's chain id.</param>
public sealed record WrongChainIdError(UInt256 Expected, UInt256 Actual) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>WrongChainId(uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "WrongChainId(uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"WrongChainId: The fixed part names another chain (Expected {Expected}, Actual {Actual}).";
}

/// <summary><c>WrongAdjudicator(address,address)</c>: The fixed part names another adjudicator.</summary>
/// <param name="Expected">This adjudicator's address.</param>
/// <param name="Actual">The fixed part's adjudicator.</param>
public sealed record WrongAdjudicatorError(Address Expected, Address Actual) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>WrongAdjudicator(address,address)</c>.</summary>
    public const string CanonicalSignature = "WrongAdjudicator(address,address)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"WrongAdjudicator: The fixed part names another adjudicator (Expected {Expected}, Actual {Actual}).";
}

/// <summary><c>NoParticipants()</c>: The fixed part has no participants.</summary>
public sealed record NoParticipantsError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>NoParticipants()</c>.</summary>
    public const string CanonicalSignature = "NoParticipants()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "NoParticipants: The fixed part has no participants.";
}

/// <summary><c>ZeroChallengeDuration()</c>: The fixed part's challenge duration is zero.</summary>
public sealed record ZeroChallengeDurationError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ZeroChallengeDuration()</c>.</summary>
    public const string CanonicalSignature = "ZeroChallengeDuration()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "ZeroChallengeDuration: The fixed part's challenge duration is zero.";
}

/// <summary><c>SignaturesLengthMismatch(uint256,uint256)</c>: The packed signatures are not 65 bytes per participant.</summary>
/// <param name="Expected">65 × the number of participants.</param>
/// <param name="Actual">The length given.</param>
public sealed record SignaturesLengthMismatchError(UInt256 Expected, UInt256 Actual) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>SignaturesLengthMismatch(uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "SignaturesLengthMismatch(uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"SignaturesLengthMismatch: The packed signatures are not 65 bytes per participant (Expected {Expected}, Actual {Actual}).";
}

/// <summary><c>InvalidSignatureLength(uint256,uint256)</c>: A move's signature is not 65 bytes long.</summary>
/// <param name="ParticipantIndex">The mover.</param>
/// <param name="Length">The length given.</param>
public sealed record InvalidSignatureLengthError(UInt256 ParticipantIndex, UInt256 Length) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>InvalidSignatureLength(uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "InvalidSignatureLength(uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"InvalidSignatureLength: A move's signature is not 65 bytes long (ParticipantIndex {ParticipantIndex}, Length {Length}).";
}

/// <summary><c>HighSSignature(uint256)</c>: A signature's s is in the upper half of the curve order (malleable); only low-s signatures are accepted.</summary>
/// <param name="ParticipantIndex">The participant whose signature it is.</param>
public sealed record HighSSignatureError(UInt256 ParticipantIndex) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>HighSSignature(uint256)</c>.</summary>
    public const string CanonicalSignature = "HighSSignature(uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"HighSSignature: A signature's s is in the upper half of the curve order (malleable); only low-s signatures are accepted (ParticipantIndex {ParticipantIndex}).";
}

/// <summary><c>InvalidSignature(uint256)</c>: A signature recovers to no address (bad v, r or s).</summary>
/// <param name="ParticipantIndex">The participant whose signature it is.</param>
public sealed record InvalidSignatureError(UInt256 ParticipantIndex) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>InvalidSignature(uint256)</c>.</summary>
    public const string CanonicalSignature = "InvalidSignature(uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"InvalidSignature: A signature recovers to no address (bad v, r or s) (ParticipantIndex {ParticipantIndex}).";
}

/// <summary><c>WrongSigner(uint256,address,address)</c>: A signature recovers to another address than the participant's: it was made for another channel, chain, adjudicator or state, or by someone else.</summary>
/// <param name="ParticipantIndex">The participant whose signature was expected.</param>
/// <param name="Expected">That participant's address.</param>
/// <param name="Recovered">The address the signature recovers to.</param>
public sealed record WrongSignerError(UInt256 ParticipantIndex, Address Expected, Address Recovered) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>WrongSigner(uint256,address,address)</c>.</summary>
    public const string CanonicalSignature = "WrongSigner(uint256,address,address)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"WrongSigner: A signature recovers to another address than the participant's: it was made for another channel, chain, adjudicator or state, or by someone else (ParticipantIndex {ParticipantIndex}, Expected {Expected}, Recovered {Recovered}).";
}

/// <summary><c>OutcomeLengthMismatch(uint256,uint256,uint256)</c>: An outcome entry's balances do not have one element per participant.</summary>
/// <param name="AssetIndex">The entry.</param>
/// <param name="Expected">The number of participants.</param>
/// <param name="Actual">The number of balances.</param>
public sealed record OutcomeLengthMismatchError(UInt256 AssetIndex, UInt256 Expected, UInt256 Actual) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>OutcomeLengthMismatch(uint256,uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "OutcomeLengthMismatch(uint256,uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"OutcomeLengthMismatch: An outcome entry's balances do not have one element per participant (AssetIndex {AssetIndex}, Expected {Expected}, Actual {Actual}).";
}

/// <summary><c>DuplicateAsset(uint256,address)</c>: An outcome lists an asset a second time.</summary>
/// <param name="AssetIndex">The second entry for the asset.</param>
/// <param name="Asset">The asset.</param>
public sealed record DuplicateAssetError(UInt256 AssetIndex, Address Asset) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>DuplicateAsset(uint256,address)</c>.</summary>
    public const string CanonicalSignature = "DuplicateAsset(uint256,address)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"DuplicateAsset: An outcome lists an asset a second time (AssetIndex {AssetIndex}, Asset {Asset}).";
}

/// <summary><c>ChannelFinalized(bytes32)</c>: The channel is finalized: no more states can be registered.</summary>
/// <param name="Channel">The channel.</param>
public sealed record ChannelFinalizedError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ChannelFinalized(bytes32)</c>.</summary>
    public const string CanonicalSignature = "ChannelFinalized(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"ChannelFinalized: The channel is finalized: no more states can be registered (Channel {Channel}).";
}

/// <summary><c>ChannelNotFinalized(bytes32,uint48)</c>: The channel is not finalized yet (open when FinalizesAt is 0, else a challenge runs until FinalizesAt).</summary>
/// <param name="Channel">The channel.</param>
/// <param name="FinalizesAt">The end of the running challenge, unix seconds; 0 when open.</param>
public sealed record ChannelNotFinalizedError(Bytes32 Channel, ulong FinalizesAt) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ChannelNotFinalized(bytes32,uint48)</c>.</summary>
    public const string CanonicalSignature = "ChannelNotFinalized(bytes32,uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"ChannelNotFinalized: The channel is not finalized yet (open when FinalizesAt is 0, else a challenge runs until FinalizesAt) (Channel {Channel}, FinalizesAt {FinalizesAt}).";
}

/// <summary><c>StaleTurnNum(uint48,uint48)</c>: The supported state's turn number does not beat the one on record.</summary>
/// <param name="TurnNumRecord">The turn number on record.</param>
/// <param name="TurnNum">The turn number of the state given.</param>
public sealed record StaleTurnNumError(ulong TurnNumRecord, ulong TurnNum) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>StaleTurnNum(uint48,uint48)</c>.</summary>
    public const string CanonicalSignature = "StaleTurnNum(uint48,uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"StaleTurnNum: The supported state's turn number does not beat the one on record (TurnNumRecord {TurnNumRecord}, TurnNum {TurnNum}).";
}

/// <summary><c>StateNotFinal(uint48)</c>: conclude was given a state without isFinal.</summary>
/// <param name="TurnNum">The state's turn number.</param>
public sealed record StateNotFinalError(ulong TurnNum) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>StateNotFinal(uint48)</c>.</summary>
    public const string CanonicalSignature = "StateNotFinal(uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"StateNotFinal: conclude was given a state without isFinal (TurnNum {TurnNum}).";
}

/// <summary><c>FinalStateHasNoMoves(uint48)</c>: A move was applied to (or progress answered) a final state.</summary>
/// <param name="TurnNum">The final state's turn number.</param>
public sealed record FinalStateHasNoMovesError(ulong TurnNum) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>FinalStateHasNoMoves(uint48)</c>.</summary>
    public const string CanonicalSignature = "FinalStateHasNoMoves(uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"FinalStateHasNoMoves: A move was applied to (or progress answered) a final state (TurnNum {TurnNum}).";
}

/// <summary><c>NoChallengeRunning(bytes32)</c>: progress needs a running challenge.</summary>
/// <param name="Channel">The channel.</param>
public sealed record NoChallengeRunningError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>NoChallengeRunning(bytes32)</c>.</summary>
    public const string CanonicalSignature = "NoChallengeRunning(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"NoChallengeRunning: progress needs a running challenge (Channel {Channel}).";
}

/// <summary><c>RegisteredStateMismatch(bytes32)</c>: The state given as the registered one does not match the channel's fingerprint (or turn number).</summary>
/// <param name="Channel">The channel.</param>
public sealed record RegisteredStateMismatchError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>RegisteredStateMismatch(bytes32)</c>.</summary>
    public const string CanonicalSignature = "RegisteredStateMismatch(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"RegisteredStateMismatch: The state given as the registered one does not match the channel's fingerprint (or turn number) (Channel {Channel}).";
}

/// <summary><c>InvalidMover(uint48,uint256)</c>: The app's nextMover named no participant.</summary>
/// <param name="TurnNum">The turn acted on.</param>
/// <param name="MoverIndex">The index the app returned.</param>
public sealed record InvalidMoverError(ulong TurnNum, UInt256 MoverIndex) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>InvalidMover(uint48,uint256)</c>.</summary>
    public const string CanonicalSignature = "InvalidMover(uint48,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"InvalidMover: The app's nextMover named no participant (TurnNum {TurnNum}, MoverIndex {MoverIndex}).";
}

/// <summary><c>ActionRejected(uint48,uint256,bytes)</c>: The app's reduce rejected the action.</summary>
/// <param name="TurnNum">The turn the action was applied to.</param>
/// <param name="MoverIndex">The mover.</param>
/// <param name="Reason">The app's revert data (usually Error(string) with the rule's reason).</param>
public sealed record ActionRejectedError(ulong TurnNum, UInt256 MoverIndex, ImmutableArray<byte> Reason) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ActionRejected(uint48,uint256,bytes)</c>.</summary>
    public const string CanonicalSignature = "ActionRejected(uint48,uint256,bytes)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"ActionRejected: The app's reduce rejected the action (TurnNum {TurnNum}, MoverIndex {MoverIndex}, Reason {Hex(Reason)}).";

    /// <summary>The app's reason when <see cref="Reason"/> is <c>Error(string)</c>, else null.</summary>
    public string? ReasonText => AdjudicatorErrors.TryDecodeErrorString(Reason.AsSpan(), out var text) ? text : null;
}

/// <summary><c>OutcomeShapeChanged(uint48,uint256)</c>: The app's reduce changed the outcome's shape (assets, their order, or the number of balances).</summary>
/// <param name="TurnNum">The turn the action was applied to.</param>
/// <param name="AssetIndex">The first entry that differs (or the new number of entries).</param>
public sealed record OutcomeShapeChangedError(ulong TurnNum, UInt256 AssetIndex) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>OutcomeShapeChanged(uint48,uint256)</c>.</summary>
    public const string CanonicalSignature = "OutcomeShapeChanged(uint48,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"OutcomeShapeChanged: The app's reduce changed the outcome's shape (assets, their order, or the number of balances) (TurnNum {TurnNum}, AssetIndex {AssetIndex}).";
}

/// <summary><c>OutcomeNotConserved(uint48,address,uint256,uint256)</c>: The app's reduce did not conserve an asset's total.</summary>
/// <param name="TurnNum">The turn the action was applied to.</param>
/// <param name="Asset">The asset.</param>
/// <param name="TotalBefore">Its total before.</param>
/// <param name="TotalAfter">Its total after.</param>
public sealed record OutcomeNotConservedError(ulong TurnNum, Address Asset, UInt256 TotalBefore, UInt256 TotalAfter) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>OutcomeNotConserved(uint48,address,uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "OutcomeNotConserved(uint48,address,uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"OutcomeNotConserved: The app's reduce did not conserve an asset's total (TurnNum {TurnNum}, Asset {Asset}, TotalBefore {TotalBefore}, TotalAfter {TotalAfter}).";
}

/// <summary><c>HoldingsMismatch(uint256,uint256)</c>: A deposit found other holdings than the depositor expected.</summary>
/// <param name="Held">What the channel held.</param>
/// <param name="ExpectedHeld">What the depositor expected.</param>
public sealed record HoldingsMismatchError(UInt256 Held, UInt256 ExpectedHeld) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>HoldingsMismatch(uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "HoldingsMismatch(uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"HoldingsMismatch: A deposit found other holdings than the depositor expected (Held {Held}, ExpectedHeld {ExpectedHeld}).";
}

/// <summary><c>ZeroDeposit()</c>: A deposit of zero.</summary>
public sealed record ZeroDepositError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ZeroDeposit()</c>.</summary>
    public const string CanonicalSignature = "ZeroDeposit()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "ZeroDeposit: A deposit of zero.";
}

/// <summary><c>FundingDeadlineMismatch(uint48,uint48)</c>: A deposit named another funding deadline than the first deposit of the asset set.</summary>
/// <param name="FundingDeadline">The deadline on record, unix seconds.</param>
/// <param name="Given">The deadline given.</param>
public sealed record FundingDeadlineMismatchError(ulong FundingDeadline, ulong Given) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>FundingDeadlineMismatch(uint48,uint48)</c>.</summary>
    public const string CanonicalSignature = "FundingDeadlineMismatch(uint48,uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"FundingDeadlineMismatch: A deposit named another funding deadline than the first deposit of the asset set (FundingDeadline {FundingDeadline}, Given {Given}).";
}

/// <summary><c>HoldingsOverflow()</c>: A deposit would make the channel's holdings of one asset exceed 2^208 − 1.</summary>
public sealed record HoldingsOverflowError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>HoldingsOverflow()</c>.</summary>
    public const string CanonicalSignature = "HoldingsOverflow()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "HoldingsOverflow: A deposit would make the channel's holdings of one asset exceed 2^208 − 1.";
}

/// <summary><c>TokenAmountMismatch(address,uint256,uint256)</c>: A token moved another amount than asked (fee-on-transfer, rebasing), or did not answer balanceOf (Expected = Received = 0).</summary>
/// <param name="Token">The token.</param>
/// <param name="Expected">The amount asked.</param>
/// <param name="Received">The amount the adjudicator's balance rose by.</param>
public sealed record TokenAmountMismatchError(Address Token, UInt256 Expected, UInt256 Received) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>TokenAmountMismatch(address,uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "TokenAmountMismatch(address,uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"TokenAmountMismatch: A token moved another amount than asked (fee-on-transfer, rebasing), or did not answer balanceOf (Expected = Received = 0) (Token {Token}, Expected {Expected}, Received {Received}).";
}

/// <summary><c>EthTransferFailed(address,uint256)</c>: Paying ETH to a participant failed (its code reverted).</summary>
/// <param name="Recipient">The participant.</param>
/// <param name="Amount">The amount, in wei.</param>
public sealed record EthTransferFailedError(Address Recipient, UInt256 Amount) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>EthTransferFailed(address,uint256)</c>.</summary>
    public const string CanonicalSignature = "EthTransferFailed(address,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"EthTransferFailed: Paying ETH to a participant failed (its code reverted) (Recipient {Recipient}, Amount {Amount}).";
}

/// <summary><c>NothingToWithdraw(bytes32)</c>: Nothing is owed to the participants named (already paid, or nothing held).</summary>
/// <param name="Channel">The channel.</param>
public sealed record NothingToWithdrawError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>NothingToWithdraw(bytes32)</c>.</summary>
    public const string CanonicalSignature = "NothingToWithdraw(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"NothingToWithdraw: Nothing is owed to the participants named (already paid, or nothing held) (Channel {Channel}).";
}

/// <summary><c>IndexOutOfRange(uint256,uint256)</c>: An asset or participant index is out of range.</summary>
/// <param name="Index">The index given.</param>
/// <param name="Length">The number of assets or participants.</param>
public sealed record IndexOutOfRangeError(UInt256 Index, UInt256 Length) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>IndexOutOfRange(uint256,uint256)</c>.</summary>
    public const string CanonicalSignature = "IndexOutOfRange(uint256,uint256)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"IndexOutOfRange: An asset or participant index is out of range (Index {Index}, Length {Length}).";
}

/// <summary><c>NotPrefundState(uint48)</c>: reclaim needs the turn-0 (pre-fund) state.</summary>
/// <param name="TurnNum">The turn number given.</param>
public sealed record NotPrefundStateError(ulong TurnNum) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>NotPrefundState(uint48)</c>.</summary>
    public const string CanonicalSignature = "NotPrefundState(uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"NotPrefundState: reclaim needs the turn-0 (pre-fund) state (TurnNum {TurnNum}).";
}

/// <summary><c>ChannelInProgress(uint48)</c>: reclaim is only for channels that have not registered a state past turn 0.</summary>
/// <param name="TurnNumRecord">The turn number on record.</param>
public sealed record ChannelInProgressError(ulong TurnNumRecord) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ChannelInProgress(uint48)</c>.</summary>
    public const string CanonicalSignature = "ChannelInProgress(uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"ChannelInProgress: reclaim is only for channels that have not registered a state past turn 0 (TurnNumRecord {TurnNumRecord}).";
}

/// <summary><c>FundingDeadlineNotPassed(uint48)</c>: reclaim before the funding deadline.</summary>
/// <param name="FundingDeadline">The deadline (the latest over the outcome's assets), unix seconds.</param>
public sealed record FundingDeadlineNotPassedError(ulong FundingDeadline) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>FundingDeadlineNotPassed(uint48)</c>.</summary>
    public const string CanonicalSignature = "FundingDeadlineNotPassed(uint48)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"FundingDeadlineNotPassed: reclaim before the funding deadline (FundingDeadline {FundingDeadline}).";
}

/// <summary><c>NoFundingDeadline(bytes32)</c>: reclaim for a channel nobody deposited into (no funding deadline was set).</summary>
/// <param name="Channel">The channel.</param>
public sealed record NoFundingDeadlineError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>NoFundingDeadline(bytes32)</c>.</summary>
    public const string CanonicalSignature = "NoFundingDeadline(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"NoFundingDeadline: reclaim for a channel nobody deposited into (no funding deadline was set) (Channel {Channel}).";
}

/// <summary><c>FundingComplete(bytes32)</c>: reclaim for a channel whose every asset is fully funded.</summary>
/// <param name="Channel">The channel.</param>
public sealed record FundingCompleteError(Bytes32 Channel) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>FundingComplete(bytes32)</c>.</summary>
    public const string CanonicalSignature = "FundingComplete(bytes32)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"FundingComplete: reclaim for a channel whose every asset is fully funded (Channel {Channel}).";
}

/// <summary><c>ReentrantCall()</c>: A guarded function of the adjudicator was entered again before it returned.</summary>
public sealed record ReentrantCallError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>ReentrantCall()</c>.</summary>
    public const string CanonicalSignature = "ReentrantCall()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "ReentrantCall: A guarded function of the adjudicator was entered again before it returned.";
}

/// <summary><c>InvalidShortString()</c>: OpenZeppelin ShortStrings: a short string is malformed (only at deployment, from the EIP-712 name and version).</summary>
public sealed record InvalidShortStringError : AdjudicatorError
{
    /// <summary>The canonical signature: <c>InvalidShortString()</c>.</summary>
    public const string CanonicalSignature = "InvalidShortString()";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => "InvalidShortString: OpenZeppelin ShortStrings: a short string is malformed (only at deployment, from the EIP-712 name and version).";
}

/// <summary><c>StringTooLong(string)</c>: OpenZeppelin ShortStrings: a string is too long for a short string (only at deployment).</summary>
/// <param name="Text">The string.</param>
public sealed record StringTooLongError(string Text) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>StringTooLong(string)</c>.</summary>
    public const string CanonicalSignature = "StringTooLong(string)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"StringTooLong: OpenZeppelin ShortStrings: a string is too long for a short string (only at deployment) (Text {Text}).";
}

/// <summary><c>SafeERC20FailedOperation(address)</c>: A token transfer failed: the token reverted, returned false, or is not a contract (OpenZeppelin SafeERC20).</summary>
/// <param name="Token">The token.</param>
public sealed record SafeERC20FailedOperationError(Address Token) : AdjudicatorError
{
    /// <summary>The canonical signature: <c>SafeERC20FailedOperation(address)</c>.</summary>
    public const string CanonicalSignature = "SafeERC20FailedOperation(address)";

    /// <inheritdoc/>
    public override string Signature => CanonicalSignature;

    /// <inheritdoc/>
    public override string Message => $"SafeERC20FailedOperation: A token transfer failed: the token reverted, returned false, or is not a contract (OpenZeppelin SafeERC20) (Token {Token}).";
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetOutcome} from "./IParleyApp.sol";
import {FixedPart, VariablePart, Move} from "./ChannelTypes.sol";

/// @title Parley's adjudicator: channel funding, cooperative close, force-move disputes and payout.
/// @notice Channel status lives in one storage word per channel: `turnNumRecord` (bits 208..255) | `finalizesAt`
///         (bits 160..207) | `fingerprint` (bits 0..159). `finalizesAt == 0` means open (no challenge);
///         `finalizesAt > block.timestamp` means a challenge is running; otherwise the channel is finalized and its
///         registered outcome can be withdrawn. The fingerprint is the low 160 bits of the EIP-712 struct hash
///         `State(channelId, turnNumRecord, isFinal, appDataHash, outcomeHash)` of the registered state, where after
///         payouts `outcomeHash` is the hash of the outcome with the amounts already paid subtracted.
/// @dev Holdings live in one word per (channel, asset): the amount held (bits 0..207, wei or token base units) and the
///      funding deadline set by the first deposit (bits 208..255, unix seconds).
interface IAdjudicator {
    // ---------------------------------------------------------------- events

    /// @notice A deposit into the channel: it now holds `holdings` of `asset` (address(0) = ETH; wei or token base units).
    /// @dev The amount deposited is the difference with the previous `holdings`; the asset's funding deadline is in
    ///      `holdings(channelId, asset)` (every depositor passes it, and a mismatch reverts).
    event Deposited(bytes32 indexed channelId, address asset, uint256 holdings);

    /// @notice A challenge registered the supported state `(appData, outcome, turnNumRecord, isFinal)`; unless it is
    ///         answered (`checkpoint`, `progress`, a newer `challenge`, `conclude`), it finalizes at `finalizesAt`.
    /// @dev When the challenge carried moves, this is the state they produce (computed on chain), not the signed base.
    event Challenged(
        bytes32 indexed channelId,
        uint48 turnNumRecord,
        uint48 finalizesAt,
        bool isFinal,
        bytes appData,
        AssetOutcome[] outcome
    );

    /// @notice A newer supported state with turn number `turnNumRecord` was recorded; any running challenge is cleared.
    event Checkpointed(bytes32 indexed channelId, uint48 turnNumRecord);

    /// @notice Participant `moverIndex` answered the challenge with `action`: the state it produces from the registered
    ///         one (turn `turnNumRecord - 1`) is now registered, with turn `turnNumRecord`, and the challenge runs on
    ///         against the next mover until `finalizesAt`.
    /// @dev Watchers rebuild the new state by applying `action` to the previously registered state with the app's
    ///      reducer; `signature` is the mover's signature on it (usable in later support proofs).
    event Progressed(
        bytes32 indexed channelId,
        uint48 turnNumRecord,
        uint48 finalizesAt,
        bool isFinal,
        uint256 moverIndex,
        bytes action,
        bytes signature
    );

    /// @notice The channel was concluded with a final state (turn `turnNumRecord`) signed by every participant; it is
    ///         finalized from this block on.
    event Concluded(bytes32 indexed channelId, uint48 turnNumRecord);

    /// @notice Funding was incomplete after the funding deadline: the channel was finalized with its turn-0 (pre-fund)
    ///         state, so each participant can withdraw what its part of the outcome covers, in participant order.
    event FundingReclaimed(bytes32 indexed channelId);

    /// @notice `amounts[i]` of `asset` was paid to participant `i` of the channel.
    event Withdrawn(bytes32 indexed channelId, address indexed asset, uint256[] amounts);

    // ---------------------------------------------------------------- errors

    /// @notice The fixed part names another chain.
    error WrongChainId(uint256 expected, uint256 actual);
    /// @notice The fixed part names another adjudicator.
    error WrongAdjudicator(address expected, address actual);
    /// @notice The fixed part has no participants.
    error NoParticipants();
    /// @notice The fixed part's challenge duration is zero.
    error ZeroChallengeDuration();
    /// @notice The packed signatures are not 65 bytes per participant.
    error SignaturesLengthMismatch(uint256 expected, uint256 actual);
    /// @notice A signature is not 65 bytes long.
    error InvalidSignatureLength(uint256 participantIndex, uint256 length);
    /// @notice A signature's s is in the upper half of the curve order (malleable); only low-s signatures are accepted.
    error HighSSignature(uint256 participantIndex);
    /// @notice A signature recovers to no address (bad v, r or s).
    error InvalidSignature(uint256 participantIndex);
    /// @notice A signature recovers to another address than participant `participantIndex`'s: it was made for another
    ///         channel, chain, adjudicator or state, or by someone else.
    error WrongSigner(uint256 participantIndex, address expected, address recovered);
    /// @notice An outcome entry's balances do not have one element per participant.
    error OutcomeLengthMismatch(uint256 assetIndex, uint256 expected, uint256 actual);
    /// @notice An outcome lists `asset` a second time, at `assetIndex`.
    error DuplicateAsset(uint256 assetIndex, address asset);
    /// @notice The channel is finalized: no more states can be registered.
    error ChannelFinalized(bytes32 channelId);
    /// @notice The channel is not finalized yet (`finalizesAt == 0`: open; else a challenge runs until `finalizesAt`).
    error ChannelNotFinalized(bytes32 channelId, uint48 finalizesAt);
    /// @notice The supported state's turn number does not beat the one on record.
    error StaleTurnNum(uint48 turnNumRecord, uint48 turnNum);
    /// @notice `conclude` was given a state without `isFinal`.
    error StateNotFinal(uint48 turnNum);
    /// @notice A move was applied to (or `progress` answered) a final state.
    error FinalStateHasNoMoves(uint48 turnNum);
    /// @notice `progress` needs a running challenge.
    error NoChallengeRunning(bytes32 channelId);
    /// @notice The state given as the registered one does not match the channel's fingerprint (or turn number).
    error RegisteredStateMismatch(bytes32 channelId);
    /// @notice The app's `nextMover` named no participant.
    error InvalidMover(uint48 turnNum, uint256 moverIndex);
    /// @notice The app's `reduce` rejected the action applied to turn `turnNum` by participant `moverIndex`; `reason` is
    ///         the app's revert data (usually `Error(string)` with the rule's reason).
    error ActionRejected(uint48 turnNum, uint256 moverIndex, bytes reason);
    /// @notice The app's `reduce` changed the outcome's shape (assets, their order, or the number of balances).
    error OutcomeShapeChanged(uint48 turnNum, uint256 assetIndex);
    /// @notice The app's `reduce` did not conserve an asset's total.
    error OutcomeNotConserved(uint48 turnNum, address asset, uint256 totalBefore, uint256 totalAfter);
    /// @notice A deposit found `held` in the channel where the depositor expected `expectedHeld`.
    error HoldingsMismatch(uint256 held, uint256 expectedHeld);
    /// @notice A deposit of zero.
    error ZeroDeposit();
    /// @notice A deposit named a funding deadline other than the one the first deposit of this asset set.
    error FundingDeadlineMismatch(uint48 fundingDeadline, uint48 given);
    /// @notice A deposit would make the channel's holdings of one asset exceed 2^208 - 1.
    error HoldingsOverflow();
    /// @notice A token moved another amount than asked (fee-on-transfer, rebasing), or did not answer `balanceOf`
    ///         (`expected == received == 0`): such tokens are not supported.
    error TokenAmountMismatch(address token, uint256 expected, uint256 received);
    /// @notice Paying ETH to a participant failed (its code reverted).
    error EthTransferFailed(address recipient, uint256 amount);
    /// @notice Nothing is owed to the participants named (already paid, or nothing held).
    error NothingToWithdraw(bytes32 channelId);
    /// @notice An asset or participant index is out of range.
    error IndexOutOfRange(uint256 index, uint256 length);
    /// @notice `reclaim` needs the turn-0 (pre-fund) state.
    error NotPrefundState(uint48 turnNum);
    /// @notice `reclaim` is only for channels that have not registered a state past turn 0.
    error ChannelInProgress(uint48 turnNumRecord);
    /// @notice `reclaim` before the funding deadline (the latest over the outcome's assets).
    error FundingDeadlineNotPassed(uint48 fundingDeadline);
    /// @notice `reclaim` for a channel nobody deposited into (no funding deadline was set).
    error NoFundingDeadline(bytes32 channelId);
    /// @notice `reclaim` for a channel whose every asset is fully funded.
    error FundingComplete(bytes32 channelId);

    // ---------------------------------------------------------------- funding

    /// @notice Deposits `msg.value` wei into channel `channelId`.
    /// @param expectedHeld The channel's ETH holdings the depositor expects before this deposit (guards against
    ///        double deposits and enforces the participants' deposit order).
    /// @param fundingDeadline The agreed funding deadline (unix seconds); the first deposit sets it, later deposits must
    ///        repeat it.
    function depositETH(bytes32 channelId, uint256 expectedHeld, uint48 fundingDeadline) external payable;

    /// @notice Deposits `amount` of ERC-20 `token` (pulled with `transferFrom`; approve first) into channel `channelId`.
    /// @dev The adjudicator's token balance must rise by exactly `amount` (else `TokenAmountMismatch`): fee-on-transfer
    ///      and similar tokens are refused rather than credited more than was received. A `transferFrom` returning
    ///      false reverts with OpenZeppelin's `SafeERC20FailedOperation(token)`.
    function depositERC20(bytes32 channelId, address token, uint256 expectedHeld, uint256 amount, uint48 fundingDeadline)
        external;

    /// @notice Finalizes an incompletely funded channel with its pre-fund state after the funding deadline.
    function reclaim(FixedPart calldata fixedPart, VariablePart calldata prefundState, bytes calldata signatures) external;

    // ---------------------------------------------------------------- disputes

    /// @notice Registers a supported state and starts (or restarts) the challenge window.
    /// @param state The base state, signed by every participant.
    /// @param signatures Every participant's signature on `state`, packed: 65 bytes (r ‖ s ‖ v) each, in participant order.
    /// @param moves Actions applied on top of `state`, each signed by its mover (may be empty).
    function challenge(
        FixedPart calldata fixedPart,
        VariablePart calldata state,
        bytes calldata signatures,
        Move[] calldata moves
    ) external;

    /// @notice Records a supported state newer than the one on record, clearing any running challenge.
    function checkpoint(
        FixedPart calldata fixedPart,
        VariablePart calldata state,
        bytes calldata signatures,
        Move[] calldata moves
    ) external;

    /// @notice Answers a running challenge with the mover's signed action on the registered state.
    function progress(FixedPart calldata fixedPart, VariablePart calldata registered, Move calldata move) external;

    /// @notice Finalizes the channel at once with a final state signed by every participant.
    function conclude(FixedPart calldata fixedPart, VariablePart calldata state, bytes calldata signatures) external;

    /// @notice `conclude`, then pays every participant its share of every asset in the same transaction.
    function concludeAndWithdraw(FixedPart calldata fixedPart, VariablePart calldata state, bytes calldata signatures)
        external;

    // ---------------------------------------------------------------- payout

    /// @notice Pays participant `participantIndex` its share of asset `outcome[assetIndex]`.
    /// @param appDataHash keccak256 of the registered state's appData.
    /// @param isFinal The registered state's isFinal flag.
    /// @param outcome The registered outcome less what was already paid (see `Withdrawn`).
    function withdraw(
        FixedPart calldata fixedPart,
        bytes32 appDataHash,
        bool isFinal,
        AssetOutcome[] calldata outcome,
        uint256 assetIndex,
        uint256 participantIndex
    ) external;

    /// @notice Pays every participant its share of every asset of the finalized outcome.
    function withdrawAll(FixedPart calldata fixedPart, bytes32 appDataHash, bool isFinal, AssetOutcome[] calldata outcome)
        external;

    // ---------------------------------------------------------------- views

    /// @notice The channel's raw status word (0 for a channel never registered on chain).
    function statusOf(bytes32 channelId) external view returns (uint256);

    /// @notice What the channel holds of `asset` (wei or token base units) and that asset's funding deadline.
    function holdings(bytes32 channelId, address asset) external view returns (uint256 amount, uint48 fundingDeadline);
}

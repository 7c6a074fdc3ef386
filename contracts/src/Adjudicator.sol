// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyLock} from "./ReentrancyLock.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AssetOutcome, IParleyApp} from "./IParleyApp.sol";
import {FixedPart, VariablePart, Move} from "./ChannelTypes.sol";
import {IAdjudicator} from "./IAdjudicator.sol";

/// @title Parley's adjudicator (singleton): holds channel funds, settles disputes, pays out.
/// @notice See `IAdjudicator` for the model, the status word, the events and the errors, and docs/contracts.md for the
///         design and its gas figures.
/// @dev Money moves only in `depositERC20` (in; ETH arrives with `depositETH`), `withdraw`, `withdrawAll` and `concludeAndWithdraw` (out); all four are
///      `nonReentrant` (transient-storage guard) and write every effect before the first transfer. Apps are called
///      with STATICCALL (`IParleyApp` is `pure`), so they cannot re-enter with state changes.
contract Adjudicator is IAdjudicator, EIP712, ReentrancyLock {
    using SafeERC20 for IERC20;

    /// @dev keccak256 of the EIP-712 type string of `State`.
    bytes32 private constant STATE_TYPEHASH =
        keccak256("State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)");

    /// @dev Low 208 bits of a holdings word: the amount held.
    uint256 private constant AMOUNT_MASK = (1 << 208) - 1;
    /// @dev `participantIndex`/`assetIndex` meaning "all" in the payout engine.
    uint256 private constant ALL = type(uint256).max;

    /// @inheritdoc IAdjudicator
    mapping(bytes32 channelId => uint256) public statusOf;

    /// @dev channelId => asset => (fundingDeadline << 208 | amount).
    mapping(bytes32 channelId => mapping(address asset => uint256)) private _holdings;

    constructor() EIP712("Parley", "1") {}

    // =================================================================== funding

    /// @inheritdoc IAdjudicator
    function depositETH(bytes32 channelId, uint256 expectedHeld, uint48 fundingDeadline) external payable {
        _credit(channelId, address(0), expectedHeld, msg.value, fundingDeadline);
    }

    /// @inheritdoc IAdjudicator
    function depositERC20(bytes32 channelId, address token, uint256 expectedHeld, uint256 amount, uint48 fundingDeadline)
        external
        nonReentrant
    {
        uint256 before = _balanceOfThis(token);
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 afterwards = _balanceOfThis(token);
        uint256 received = afterwards > before ? afterwards - before : 0;
        if (received != amount) revert TokenAmountMismatch(token, amount, received);
        _credit(channelId, token, expectedHeld, amount, fundingDeadline);
    }

    /// @dev `token.balanceOf(address(this))`; reverts with `TokenAmountMismatch(token, 0, 0)` when the token does not
    ///      answer with one word (no code, or not an ERC-20).
    function _balanceOfThis(address token) private view returns (uint256 amount) {
        bool ok;
        assembly ("memory-safe") {
            mstore(0x00, 0x70a08231) // balanceOf(address)
            mstore(0x20, address())
            ok := staticcall(gas(), token, 0x1c, 0x24, 0x00, 0x20)
            ok := and(ok, gt(returndatasize(), 0x1f))
            amount := mload(0x00)
        }
        if (!ok) revert TokenAmountMismatch(token, 0, 0);
    }

    /// @dev Adds `amount` to the channel's holdings of `asset` after the `expectedHeld` and funding-deadline checks.
    function _credit(bytes32 channelId, address asset, uint256 expectedHeld, uint256 amount, uint48 fundingDeadline)
        private
    {
        if (amount == 0) revert ZeroDeposit();
        uint256 slot = _holdingsSlot(channelId, asset);
        uint256 word;
        assembly ("memory-safe") {
            word := sload(slot)
        }
        uint256 held = word & AMOUNT_MASK;
        if (held != expectedHeld) revert HoldingsMismatch(held, expectedHeld);
        uint48 deadline = uint48(word >> 208);
        if (deadline != fundingDeadline) {
            if (deadline != 0) revert FundingDeadlineMismatch(deadline, fundingDeadline);
            deadline = fundingDeadline;
        }
        uint256 newHeld = held + amount;
        if (newHeld > AMOUNT_MASK) revert HoldingsOverflow();
        word = (uint256(deadline) << 208) | newHeld;
        assembly ("memory-safe") {
            sstore(slot, word)
        }
        emit Deposited(channelId, asset, newHeld);
    }

    /// @dev The storage slot of `_holdings[channelId][asset]` (Solidity's mapping layout), computed once.
    function _holdingsSlot(bytes32 channelId, address asset) private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, channelId)
            mstore(0x20, _holdings.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, asset)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @inheritdoc IAdjudicator
    function reclaim(FixedPart calldata fixedPart, VariablePart calldata prefundState, bytes calldata signatures)
        external
    {
        bytes32 channelId = _channelId(fixedPart);
        (uint48 turnNumRecord, uint48 finalizesAt,) = _unpack(statusOf[channelId]);
        _requireNotFinalized(channelId, finalizesAt);
        if (turnNumRecord != 0) revert ChannelInProgress(turnNumRecord);
        if (prefundState.turnNum != 0) revert NotPrefundState(prefundState.turnNum);
        (bytes32 structHash,) = _requireSignedByAll(fixedPart, channelId, prefundState, signatures);

        uint48 deadline;
        bool incomplete;
        AssetOutcome[] calldata outcome = prefundState.outcome;
        for (uint256 k; k < outcome.length; ++k) {
            uint256 word = _holdings[channelId][outcome[k].asset];
            uint48 assetDeadline = uint48(word >> 208);
            if (assetDeadline > deadline) deadline = assetDeadline;
            if (word & AMOUNT_MASK < _sum(outcome[k].balances)) incomplete = true;
        }
        if (deadline == 0) revert NoFundingDeadline(channelId);
        if (block.timestamp < deadline) revert FundingDeadlineNotPassed(deadline);
        if (!incomplete) revert FundingComplete(channelId);

        statusOf[channelId] = _pack(0, uint48(block.timestamp), structHash);
        emit FundingReclaimed(channelId);
    }

    // =================================================================== disputes

    /// @inheritdoc IAdjudicator
    function challenge(
        FixedPart calldata fixedPart,
        VariablePart calldata state,
        bytes calldata signatures,
        Move[] calldata moves
    ) external {
        bytes32 channelId = _channelId(fixedPart);
        (uint48 turnNumRecord, uint48 finalizesAt,) = _unpack(statusOf[channelId]);
        _requireNotFinalized(channelId, finalizesAt);
        _requireChallengeable(turnNumRecord, finalizesAt, state.turnNum + uint48(moves.length));
        uint48 newFinalizesAt = uint48(block.timestamp) + fixedPart.challengeDuration;
        if (moves.length == 0) {
            (bytes32 structHash,) = _requireSignedByAll(fixedPart, channelId, state, signatures);
            statusOf[channelId] = _pack(state.turnNum, newFinalizesAt, structHash);
            emit Challenged(channelId, state.turnNum, newFinalizesAt, state.isFinal, state.appData, state.outcome);
        } else {
            (VariablePart memory last, bytes32 structHash) =
                _requireSupportedByMoves(fixedPart, channelId, state, signatures, moves);
            statusOf[channelId] = _pack(last.turnNum, newFinalizesAt, structHash);
            emit Challenged(channelId, last.turnNum, newFinalizesAt, last.isFinal, last.appData, last.outcome);
        }
    }

    /// @inheritdoc IAdjudicator
    function checkpoint(
        FixedPart calldata fixedPart,
        VariablePart calldata state,
        bytes calldata signatures,
        Move[] calldata moves
    ) external {
        bytes32 channelId = _channelId(fixedPart);
        (uint48 turnNumRecord, uint48 finalizesAt,) = _unpack(statusOf[channelId]);
        _requireNotFinalized(channelId, finalizesAt);
        uint48 turnNum = state.turnNum + uint48(moves.length);
        if (turnNum <= turnNumRecord) revert StaleTurnNum(turnNumRecord, turnNum);
        bytes32 structHash;
        if (moves.length == 0) {
            (structHash,) = _requireSignedByAll(fixedPart, channelId, state, signatures);
        } else {
            (, structHash) = _requireSupportedByMoves(fixedPart, channelId, state, signatures, moves);
        }
        statusOf[channelId] = _pack(turnNum, 0, structHash);
        emit Checkpointed(channelId, turnNum);
    }

    /// @inheritdoc IAdjudicator
    function progress(FixedPart calldata fixedPart, VariablePart calldata registered, Move calldata move) external {
        bytes32 channelId = _channelId(fixedPart);
        (uint48 turnNumRecord, uint48 finalizesAt, uint160 fingerprint) = _unpack(statusOf[channelId]);
        if (finalizesAt == 0) revert NoChallengeRunning(channelId);
        _requireNotFinalized(channelId, finalizesAt);
        // The fingerprint binds a state whose outcome shape was checked when it was registered.
        if (registered.turnNum != turnNumRecord) revert RegisteredStateMismatch(channelId);
        bytes32 registeredHash = _structHash(
            channelId,
            registered.turnNum,
            registered.isFinal,
            keccak256(registered.appData),
            keccak256(abi.encode(registered.outcome))
        );
        if (uint160(uint256(registeredHash)) != fingerprint) revert RegisteredStateMismatch(channelId);

        _progress(fixedPart, channelId, registered, move);
    }

    /// @dev The second half of `progress`: applies the move and registers the result.
    function _progress(
        FixedPart calldata fixedPart,
        bytes32 channelId,
        VariablePart calldata registered,
        Move calldata move
    ) private {
        VariablePart memory s = registered;
        (bytes32 structHash, uint256 mover) = _applyMove(fixedPart, channelId, s, move, _totals(s.outcome));
        uint48 newFinalizesAt = uint48(block.timestamp) + fixedPart.challengeDuration;
        statusOf[channelId] = _pack(s.turnNum, newFinalizesAt, structHash);
        emit Progressed(channelId, s.turnNum, newFinalizesAt, s.isFinal, mover, move.action, move.signature);
    }

    /// @inheritdoc IAdjudicator
    function conclude(FixedPart calldata fixedPart, VariablePart calldata state, bytes calldata signatures) external {
        bytes32 channelId = _channelId(fixedPart);
        _conclude(fixedPart, channelId, state, signatures);
    }

    /// @inheritdoc IAdjudicator
    function concludeAndWithdraw(FixedPart calldata fixedPart, VariablePart calldata state, bytes calldata signatures)
        external
        nonReentrant
    {
        bytes32 channelId = _channelId(fixedPart);
        bytes32 appDataHash = _conclude(fixedPart, channelId, state, signatures);
        AssetOutcome[] memory outcome = state.outcome;
        (uint256[][] memory paid,) = _settle(channelId, outcome, ALL, ALL);
        uint48 turnNum = state.turnNum;
        statusOf[channelId] = _pack(
            turnNum,
            uint48(block.timestamp),
            _structHash(channelId, turnNum, true, appDataHash, keccak256(abi.encode(outcome)))
        );
        _transfer(fixedPart.participants, outcome, paid);
    }

    /// @dev Checks and registers a conclusion; returns the state's appDataHash.
    function _conclude(
        FixedPart calldata fixedPart,
        bytes32 channelId,
        VariablePart calldata state,
        bytes calldata signatures
    ) private returns (bytes32 appDataHash) {
        (,uint48 finalizesAt,) = _unpack(statusOf[channelId]);
        _requireNotFinalized(channelId, finalizesAt);
        if (!state.isFinal) revert StateNotFinal(state.turnNum);
        bytes32 structHash;
        (structHash, appDataHash) = _requireSignedByAll(fixedPart, channelId, state, signatures);
        statusOf[channelId] = _pack(state.turnNum, uint48(block.timestamp), structHash);
        emit Concluded(channelId, state.turnNum);
    }

    // =================================================================== payout

    /// @inheritdoc IAdjudicator
    function withdraw(
        FixedPart calldata fixedPart,
        bytes32 appDataHash,
        bool isFinal,
        AssetOutcome[] calldata outcome,
        uint256 assetIndex,
        uint256 participantIndex
    ) external nonReentrant {
        if (assetIndex >= outcome.length) revert IndexOutOfRange(assetIndex, outcome.length);
        if (participantIndex >= fixedPart.participants.length) {
            revert IndexOutOfRange(participantIndex, fixedPart.participants.length);
        }
        _withdraw(fixedPart, appDataHash, isFinal, outcome, assetIndex, participantIndex);
    }

    /// @inheritdoc IAdjudicator
    function withdrawAll(FixedPart calldata fixedPart, bytes32 appDataHash, bool isFinal, AssetOutcome[] calldata outcome)
        external
        nonReentrant
    {
        _withdraw(fixedPart, appDataHash, isFinal, outcome, ALL, ALL);
    }

    function _withdraw(
        FixedPart calldata fixedPart,
        bytes32 appDataHash,
        bool isFinal,
        AssetOutcome[] calldata registeredOutcome,
        uint256 assetIndex,
        uint256 participantIndex
    ) private {
        bytes32 channelId = _channelId(fixedPart);
        (uint48 turnNumRecord, uint48 finalizesAt, uint160 fingerprint) = _unpack(statusOf[channelId]);
        if (finalizesAt == 0 || block.timestamp < finalizesAt) revert ChannelNotFinalized(channelId, finalizesAt);
        bytes32 registeredHash = _structHash(
            channelId, turnNumRecord, isFinal, appDataHash, keccak256(abi.encode(registeredOutcome))
        );
        if (uint160(uint256(registeredHash)) != fingerprint) revert RegisteredStateMismatch(channelId);

        AssetOutcome[] memory outcome = registeredOutcome;
        (uint256[][] memory paid, bool any) = _settle(channelId, outcome, assetIndex, participantIndex);
        if (!any) revert NothingToWithdraw(channelId);
        statusOf[channelId] = _pack(
            turnNumRecord,
            finalizesAt,
            _structHash(channelId, turnNumRecord, isFinal, appDataHash, keccak256(abi.encode(outcome)))
        );
        _transfer(fixedPart.participants, outcome, paid);
    }

    /// @dev The effects of a payout: for each selected asset, pays the selected participants in participant order
    ///      from the holdings (participant i is owed only what is left after every participant before it is covered),
    ///      subtracts the amounts from `outcome` (in place) and from the holdings, and emits `Withdrawn`. Returns the
    ///      amounts, `paid[k][i]` (empty arrays for assets not selected or not paid), and whether anything was paid.
    function _settle(bytes32 channelId, AssetOutcome[] memory outcome, uint256 assetIndex, uint256 participantIndex)
        private
        returns (uint256[][] memory paid, bool any)
    {
        uint256 assetCount = outcome.length;
        paid = new uint256[][](assetCount);
        for (uint256 k; k < assetCount; ++k) {
            if (assetIndex == ALL || k == assetIndex) {
                uint256[] memory amounts = _settleAsset(channelId, outcome[k], participantIndex);
                if (amounts.length != 0) {
                    paid[k] = amounts;
                    any = true;
                }
            }
        }
    }

    /// @dev `_settle` for one asset; returns an empty array when nothing is paid.
    function _settleAsset(bytes32 channelId, AssetOutcome memory entry, uint256 participantIndex)
        private
        returns (uint256[] memory amounts)
    {
        uint256 word = _holdings[channelId][entry.asset];
        uint256 held = word & AMOUNT_MASK;
        if (held == 0) return amounts;
        uint256[] memory balances = entry.balances;
        uint256 n = balances.length;
        amounts = new uint256[](n);
        uint256 left = held;
        for (uint256 i; i < n && left != 0; ++i) {
            uint256 owed = balances[i];
            if (participantIndex == ALL || i == participantIndex) {
                uint256 amount = owed < left ? owed : left;
                amounts[i] = amount;
                unchecked {
                    balances[i] = owed - amount;
                    left -= amount;
                }
            } else {
                unchecked {
                    left = owed < left ? left - owed : 0;
                }
            }
        }
        uint256 total;
        for (uint256 i; i < n; ++i) {
            total += amounts[i];
        }
        if (total == 0) return new uint256[](0);
        unchecked {
            held -= total;
        }
        _holdings[channelId][entry.asset] = held == 0 ? 0 : (word & ~AMOUNT_MASK) | held;
        emit Withdrawn(channelId, entry.asset, amounts);
    }

    /// @dev The interactions of a payout: sends `paid[k][i]` of asset `outcome[k].asset` to `participants[i]`.
    function _transfer(address[] calldata participants, AssetOutcome[] memory outcome, uint256[][] memory paid)
        private
    {
        for (uint256 k; k < paid.length; ++k) {
            uint256[] memory amounts = paid[k];
            address asset = outcome[k].asset;
            for (uint256 i; i < amounts.length; ++i) {
                uint256 amount = amounts[i];
                if (amount == 0) continue;
                address to = participants[i];
                if (asset == address(0)) {
                    bool ok;
                    assembly ("memory-safe") {
                        ok := call(gas(), to, amount, 0, 0, 0, 0)
                    }
                    if (!ok) revert EthTransferFailed(to, amount);
                } else {
                    IERC20(asset).safeTransfer(to, amount);
                }
            }
        }
    }

    // =================================================================== views

    /// @inheritdoc IAdjudicator
    function holdings(bytes32 channelId, address asset) external view returns (uint256 amount, uint48 fundingDeadline) {
        uint256 word = _holdings[channelId][asset];
        return (word & AMOUNT_MASK, uint48(word >> 208));
    }

    // =================================================================== support proofs

    /// @dev Checks the fixed part against this chain and contract; returns the channel id.
    function _channelId(FixedPart calldata fixedPart) private view returns (bytes32) {
        if (fixedPart.chainId != block.chainid) revert WrongChainId(block.chainid, fixedPart.chainId);
        if (fixedPart.adjudicator != address(this)) revert WrongAdjudicator(address(this), fixedPart.adjudicator);
        if (fixedPart.participants.length == 0) revert NoParticipants();
        if (fixedPart.challengeDuration == 0) revert ZeroChallengeDuration();
        return _hashFixedPart(fixedPart);
    }

    function _hashFixedPart(FixedPart calldata fixedPart) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                fixedPart.chainId,
                fixedPart.adjudicator,
                fixedPart.participants,
                fixedPart.channelNonce,
                fixedPart.appDefinition,
                fixedPart.challengeDuration
            )
        );
    }

    /// @dev Checks that every participant signed `state`; returns its struct hash and appDataHash.
    function _requireSignedByAll(
        FixedPart calldata fixedPart,
        bytes32 channelId,
        VariablePart calldata state,
        bytes calldata signatures
    ) private view returns (bytes32 structHash, bytes32 appDataHash) {
        address[] calldata participants = fixedPart.participants;
        uint256 n = participants.length;
        _requireOutcomeShape(state.outcome, n);
        appDataHash = keccak256(state.appData);
        structHash =
            _structHash(channelId, state.turnNum, state.isFinal, appDataHash, keccak256(abi.encode(state.outcome)));
        bytes32 digest = _hashTypedDataV4(structHash);
        if (signatures.length != n * 65) revert SignaturesLengthMismatch(n * 65, signatures.length);
        for (uint256 i; i < n; ++i) {
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly ("memory-safe") {
                let p := add(signatures.offset, mul(i, 65))
                r := calldataload(p)
                s := calldataload(add(p, 0x20))
                v := byte(0, calldataload(add(p, 0x40)))
            }
            _requireSigner(digest, v, r, s, participants[i], i);
        }
    }

    /// @dev Checks a support proof with moves; returns the state it ends in and that state's struct hash.
    function _requireSupportedByMoves(
        FixedPart calldata fixedPart,
        bytes32 channelId,
        VariablePart calldata state,
        bytes calldata signatures,
        Move[] calldata moves
    ) private view returns (VariablePart memory s, bytes32 structHash) {
        _requireSignedByAll(fixedPart, channelId, state, signatures);
        s = state;
        uint256[] memory totals = _totals(s.outcome);
        for (uint256 m; m < moves.length; ++m) {
            (structHash,) = _applyMove(fixedPart, channelId, s, moves[m], totals);
        }
    }

    /// @dev Applies `move` to `s` (in place) through the app, checking the mover, conservation of every asset and the
    ///      mover's signature on the result; returns the new state's struct hash and the mover's index.
    function _applyMove(
        FixedPart calldata fixedPart,
        bytes32 channelId,
        VariablePart memory s,
        Move calldata move,
        uint256[] memory totals
    ) private view returns (bytes32 structHash, uint256 mover) {
        if (s.isFinal) revert FinalStateHasNoMoves(s.turnNum);
        IParleyApp app = IParleyApp(fixedPart.appDefinition);
        uint256 n = fixedPart.participants.length;
        mover = app.nextMover(s.appData, s.turnNum, n);
        if (mover >= n) revert InvalidMover(s.turnNum, mover);
        bytes memory newAppData;
        AssetOutcome[] memory newOutcome;
        try app.reduce(s.appData, s.outcome, move.action, mover) returns (
            bytes memory appData, AssetOutcome[] memory outcome
        ) {
            newAppData = appData;
            newOutcome = outcome;
        } catch (bytes memory reason) {
            revert ActionRejected(s.turnNum, mover, reason);
        }
        _requireConserved(s, newOutcome, totals, n);
        uint48 turnNum = s.turnNum + 1;
        bool isFinal = app.isFinal(newAppData);
        structHash = _structHash(channelId, turnNum, isFinal, keccak256(newAppData), keccak256(abi.encode(newOutcome)));

        bytes calldata signature = move.signature;
        if (signature.length != 65) revert InvalidSignatureLength(mover, signature.length);
        bytes32 r;
        bytes32 sv;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(signature.offset)
            sv := calldataload(add(signature.offset, 0x20))
            v := byte(0, calldataload(add(signature.offset, 0x40)))
        }
        _requireSigner(_hashTypedDataV4(structHash), v, r, sv, fixedPart.participants[mover], mover);

        s.appData = newAppData;
        s.outcome = newOutcome;
        s.turnNum = turnNum;
        s.isFinal = isFinal;
    }

    /// @dev Reverts unless `next` has the assets of `s.outcome` in the same order, one balance per participant, and
    ///      the same total of every asset.
    function _requireConserved(
        VariablePart memory s,
        AssetOutcome[] memory next,
        uint256[] memory totals,
        uint256 n
    ) private pure {
        AssetOutcome[] memory previous = s.outcome;
        if (next.length != previous.length) revert OutcomeShapeChanged(s.turnNum, next.length);
        for (uint256 k; k < next.length; ++k) {
            if (next[k].asset != previous[k].asset || next[k].balances.length != n) {
                revert OutcomeShapeChanged(s.turnNum, k);
            }
            uint256 total = _sumMemory(next[k].balances);
            if (total != totals[k]) revert OutcomeNotConserved(s.turnNum, next[k].asset, totals[k], total);
        }
    }

    function _requireSigner(bytes32 digest, uint8 v, bytes32 r, bytes32 s, address expected, uint256 index)
        private
        pure
    {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, v, r, s);
        if (err == ECDSA.RecoverError.InvalidSignatureS) revert HighSSignature(index);
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature(index);
        if (recovered != expected) revert WrongSigner(index, expected, recovered);
    }

    /// @dev One balance per participant for every asset, and no asset listed twice (so an asset names one entry).
    function _requireOutcomeShape(AssetOutcome[] calldata outcome, uint256 n) private pure {
        for (uint256 k; k < outcome.length; ++k) {
            uint256 length = outcome[k].balances.length;
            if (length != n) revert OutcomeLengthMismatch(k, n, length);
            address asset = outcome[k].asset;
            for (uint256 j; j < k; ++j) {
                if (outcome[j].asset == asset) revert DuplicateAsset(k, asset);
            }
        }
    }

    function _requireNotFinalized(bytes32 channelId, uint48 finalizesAt) private view {
        if (finalizesAt != 0 && block.timestamp >= finalizesAt) revert ChannelFinalized(channelId);
    }

    /// @dev A challenge must beat the record: by at least one turn while a challenge runs, else by zero or more.
    function _requireChallengeable(uint48 turnNumRecord, uint48 finalizesAt, uint48 turnNum) private pure {
        if (finalizesAt != 0 ? turnNum <= turnNumRecord : turnNum < turnNumRecord) {
            revert StaleTurnNum(turnNumRecord, turnNum);
        }
    }

    // =================================================================== encoding helpers

    function _structHash(bytes32 channelId, uint48 turnNum, bool isFinal, bytes32 appDataHash, bytes32 outcomeHash)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(STATE_TYPEHASH, channelId, turnNum, isFinal, appDataHash, outcomeHash));
    }

    function _pack(uint48 turnNumRecord, uint48 finalizesAt, bytes32 structHash) private pure returns (uint256) {
        return (uint256(turnNumRecord) << 208) | (uint256(finalizesAt) << 160) | uint256(uint160(uint256(structHash)));
    }

    function _unpack(uint256 status)
        private
        pure
        returns (uint48 turnNumRecord, uint48 finalizesAt, uint160 fingerprint)
    {
        return (uint48(status >> 208), uint48(status >> 160), uint160(status));
    }

    function _totals(AssetOutcome[] memory outcome) private pure returns (uint256[] memory totals) {
        totals = new uint256[](outcome.length);
        for (uint256 k; k < outcome.length; ++k) {
            totals[k] = _sumMemory(outcome[k].balances);
        }
    }

    function _sum(uint256[] calldata values) private pure returns (uint256 total) {
        for (uint256 i; i < values.length; ++i) {
            total += values[i];
        }
    }

    function _sumMemory(uint256[] memory values) private pure returns (uint256 total) {
        for (uint256 i; i < values.length; ++i) {
            total += values[i];
        }
    }
}

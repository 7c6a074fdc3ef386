// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice How a channel's holdings of one asset are split among its participants.
/// @dev `asset` is address(0) for ETH, else an ERC-20 token. `balances[i]` (wei, or token base units) belongs to
///      `participants[i]` of the channel's fixed part; its length equals the number of participants.
///      A channel's outcome is `AssetOutcome[]`, ABI type `(address,uint256[])[]`; its hash (the EIP-712 `outcomeHash`)
///      is `keccak256(abi.encode(outcome))`.
struct AssetOutcome {
    address asset;
    uint256[] balances;
}

/// @title The interface every Parley application contract implements.
/// @notice Parley's generator emits one implementation per C# `[StateMachine]`, translated from the C# rules; the
///         adjudicator calls it to re-execute actions during a dispute (`challenge` with a mover-signed chain, and
///         `progress`). All three functions are pure functions of their arguments.
/// @dev Turn convention: the action applied to the state with `turnNum = t` produces the state with `turnNum = t + 1`
///      and must be made (and that new state signed) by participant `nextMover(appData, t, n)`; strict turn-taking is
///      `t % n`, so participant 0 moves first from the initial state (turnNum 0).
interface IParleyApp {
    /// @notice Applies `action` by participant `moverIndex` to the state `(appData, outcome)`.
    /// @param appData The canonical ABI encoding of the state machine's fields.
    /// @param outcome The current outcome; one entry per asset.
    /// @param action Calldata-encoded action: 4-byte selector of the action's canonical signature, then its ABI-encoded
    ///        arguments.
    /// @param moverIndex The index of the participant making the move.
    /// @return newAppData The canonical encoding of the next state.
    /// @return newOutcome The next outcome; the adjudicator checks that it conserves every asset's total.
    /// @dev Reverts with `Error(string)` carrying the rule's `Require` reason when the action is invalid, with
    ///      `Panic(uint256)` on arithmetic overflow (as the C# reducer throws on overflow in a checked context).
    function reduce(bytes calldata appData, AssetOutcome[] calldata outcome, bytes calldata action, uint256 moverIndex)
        external
        pure
        returns (bytes memory newAppData, AssetOutcome[] memory newOutcome);

    /// @notice The index of the participant allowed to act on the state `(appData, turnNum)`.
    /// @param participantCount The number of participants in the channel.
    function nextMover(bytes calldata appData, uint48 turnNum, uint256 participantCount) external pure returns (uint256);

    /// @notice Whether the state is terminal (no further action is valid; its outcome may be concluded).
    function isFinal(bytes calldata appData) external pure returns (bool);
}

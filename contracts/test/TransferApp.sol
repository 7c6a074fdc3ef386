// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetOutcome, IParleyApp} from "../src/IParleyApp.sol";

/// @title Test app: participants take turns paying each other from asset 0 of the outcome.
/// @notice appData = abi.encode(uint256 moveCount, uint256 maxMoves); the state is final once moveCount == maxMoves.
///         Actions: `pay(uint256 amount)` moves `amount` of asset 0 from the mover to the next participant;
///         `finish()` ends the game. Strict turn-taking: participant `turnNum % n` moves.
contract TransferApp is IParleyApp {
    /// @notice The `pay(uint256)` action.
    function pay(uint256 amount) external pure {}

    /// @notice The `finish()` action.
    function finish() external pure {}

    /// @inheritdoc IParleyApp
    function reduce(bytes calldata appData, AssetOutcome[] calldata outcome, bytes calldata action, uint256 moverIndex)
        external
        pure
        returns (bytes memory newAppData, AssetOutcome[] memory newOutcome)
    {
        (uint256 moveCount, uint256 maxMoves) = abi.decode(appData, (uint256, uint256));
        require(moveCount < maxMoves, "TransferApp: game over");
        require(action.length >= 4, "TransferApp: no selector");
        newOutcome = outcome;
        bytes4 selector = bytes4(action[:4]);
        if (selector == this.pay.selector) {
            uint256 amount = abi.decode(action[4:], (uint256));
            require(newOutcome.length > 0, "TransferApp: no asset");
            uint256[] memory balances = newOutcome[0].balances;
            require(balances[moverIndex] >= amount, "TransferApp: insufficient balance");
            balances[moverIndex] -= amount;
            balances[(moverIndex + 1) % balances.length] += amount;
            moveCount += 1;
        } else if (selector == this.finish.selector) {
            moveCount = maxMoves;
        } else {
            revert("TransferApp: unknown action");
        }
        newAppData = abi.encode(moveCount, maxMoves);
    }

    /// @inheritdoc IParleyApp
    function nextMover(bytes calldata, uint48 turnNum, uint256 participantCount) external pure returns (uint256) {
        return turnNum % participantCount;
    }

    /// @inheritdoc IParleyApp
    function isFinal(bytes calldata appData) external pure returns (bool) {
        (uint256 moveCount, uint256 maxMoves) = abi.decode(appData, (uint256, uint256));
        return moveCount >= maxMoves;
    }
}

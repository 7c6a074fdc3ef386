// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetOutcome, IParleyApp} from "../src/IParleyApp.sol";

/// @title Test app with a broken reducer: `mint(uint256 amount)` credits the mover without debiting anyone, and
///        `dropAsset()` removes the outcome's last asset. The adjudicator must refuse both.
/// @notice appData is ignored and returned unchanged; never final; strict turn-taking.
contract NonConservingApp is IParleyApp {
    /// @notice The `mint(uint256)` action.
    function mint(uint256 amount) external pure {}

    /// @notice The `dropAsset()` action.
    function dropAsset() external pure {}

    /// @inheritdoc IParleyApp
    function reduce(bytes calldata appData, AssetOutcome[] calldata outcome, bytes calldata action, uint256 moverIndex)
        external
        pure
        returns (bytes memory newAppData, AssetOutcome[] memory newOutcome)
    {
        newAppData = appData;
        bytes4 selector = bytes4(action[:4]);
        if (selector == this.mint.selector) {
            newOutcome = outcome;
            newOutcome[0].balances[moverIndex] += abi.decode(action[4:], (uint256));
        } else if (selector == this.dropAsset.selector) {
            newOutcome = new AssetOutcome[](outcome.length - 1);
            for (uint256 k; k < newOutcome.length; ++k) {
                newOutcome[k] = outcome[k];
            }
        } else {
            revert("NonConservingApp: unknown action");
        }
    }

    /// @inheritdoc IParleyApp
    function nextMover(bytes calldata, uint48 turnNum, uint256 participantCount) external pure returns (uint256) {
        return turnNum % participantCount;
    }

    /// @inheritdoc IParleyApp
    function isFinal(bytes calldata) external pure returns (bool) {
        return false;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Test receiver that refuses every ETH payment (installed at a participant's address with anvil_setCode).
contract RevertingReceiver {
    /// @notice Always reverts.
    receive() external payable {
        revert("RevertingReceiver: no ETH");
    }
}

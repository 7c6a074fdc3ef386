// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title A reentrancy guard in transient storage (EIP-1153).
/// @notice Like OpenZeppelin's `ReentrancyGuardTransient`, but on a Solidity `transient` state variable: the lock costs
///         about 200 gas instead of the ~2,900 of a storage lock, and it is cleared at the end of every guarded call
///         (and by the EVM at the end of the transaction).
abstract contract ReentrancyLock {
    /// @dev 1 while a guarded function runs, else 0 (a full word: set and cleared without a read-modify-write).
    uint256 private transient _locked;

    /// @notice A guarded function was entered again before it returned (directly or through another guarded one).
    error ReentrantCall();

    /// @dev Rejects entry while any guarded function of this contract is running.
    modifier nonReentrant() {
        if (_locked != 0) revert ReentrantCall();
        _locked = 1;
        _;
        _locked = 0;
    }
}

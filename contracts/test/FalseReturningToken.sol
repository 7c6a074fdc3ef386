// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Test token whose `transfer` and `transferFrom` move nothing and return false (as some old tokens do).
contract FalseReturningToken {
    /// @notice Balances (minted freely; never moved).
    mapping(address account => uint256) public balanceOf;

    /// @notice Mints `amount` to `to` (anyone may call: test only).
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
    }

    /// @notice Always approves (nothing is ever spent).
    function approve(address, uint256) external pure returns (bool) {
        return true;
    }

    /// @notice Moves nothing; returns false.
    function transfer(address, uint256) external pure returns (bool) {
        return false;
    }

    /// @notice Moves nothing; returns false.
    function transferFrom(address, address, uint256) external pure returns (bool) {
        return false;
    }
}

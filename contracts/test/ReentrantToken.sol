// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test ERC-20 that calls back into a target on every transfer out of `victim` (a malicious or hook token).
/// @notice Once armed, a transfer whose sender is `victim` calls `target` with `payload` before moving the tokens and
///         records the outcome: `attempts`, `lastSucceeded`, `lastReturnData` (the revert data when it failed).
contract ReentrantToken is ERC20 {
    address public victim;
    address public target;
    bytes public payload;
    uint256 public attempts;
    bool public lastSucceeded;
    bytes public lastReturnData;

    constructor() ERC20("Reentrant Token", "RE") {}

    /// @notice Mints `amount` to `to` (anyone may call: test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook: transfers out of `victim_` call `target_` with `payload_`.
    function arm(address victim_, address target_, bytes calldata payload_) external {
        victim = victim_;
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == victim && target != address(0)) {
            address t = target;
            target = address(0); // one attempt per arming
            ++attempts;
            (bool ok, bytes memory ret) = t.call(payload);
            lastSucceeded = ok;
            lastReturnData = ret;
        }
        super._update(from, to, value);
    }
}

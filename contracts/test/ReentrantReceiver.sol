// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Test receiver that calls back into a target when it is paid ETH.
/// @notice Tests install this code at a participant's address (anvil_setCode), so the participant still signs with its
///         key but runs code when paid. Once armed, receiving ETH calls `target` with `payload` and records the outcome
///         (`attempts`, `lastSucceeded`, `lastReturnData`) without reverting, so the payment itself goes through.
contract ReentrantReceiver {
    address public target;
    bytes public payload;
    uint256 public attempts;
    bool public lastSucceeded;
    bytes public lastReturnData;

    /// @notice Arms the hook.
    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    receive() external payable {
        address t = target;
        if (t == address(0)) return;
        target = address(0); // one attempt per arming
        ++attempts;
        (bool ok, bytes memory ret) = t.call(payload);
        lastSucceeded = ok;
        lastReturnData = ret;
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test ERC-20 (OpenZeppelin) with an open `mint`.
contract TestToken is ERC20 {
    constructor() ERC20("Parley Test Token", "PTT") {}

    /// @notice Mints `amount` to `to` (anyone may call: test only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

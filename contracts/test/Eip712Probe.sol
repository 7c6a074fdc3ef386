// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Test-only probe of Parley's EIP-712 signing scheme, computed by OpenZeppelin on the EVM.
/// @notice The domain is {name "Parley", version "1", chainId, verifyingContract = this probe} (the probe stands in
///         for the adjudicator); the struct is DESIGN.md's `State`. Tests compare these values with Parley's C# code.
contract Eip712Probe is EIP712 {
    /// @notice keccak256 of the canonical `State` type string (EIP-712 `typeHash`).
    bytes32 public constant STATE_TYPEHASH = keccak256(
        "State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,bytes32 outcomeHash)"
    );

    constructor() EIP712("Parley", "1") {}

    /// @notice The EIP-712 domain separator for the current chain id and this contract's address.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice EIP-712 `hashStruct(State)`.
    function structHash(bytes32 channelId, uint48 turnNum, bool isFinal, bytes32 appDataHash, bytes32 outcomeHash)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(STATE_TYPEHASH, channelId, turnNum, isFinal, appDataHash, outcomeHash));
    }

    /// @notice The digest participants sign: keccak256("\x19\x01" ‖ domainSeparator ‖ hashStruct(State)).
    function digest(bytes32 channelId, uint48 turnNum, bool isFinal, bytes32 appDataHash, bytes32 outcomeHash)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(structHash(channelId, turnNum, isFinal, appDataHash, outcomeHash));
    }

    /// @notice The signer of `signature` (65 bytes r‖s‖v) over the state's digest; reverts (OpenZeppelin's custom
    ///         errors) on a malformed or high-s signature.
    function recover(
        bytes32 channelId,
        uint48 turnNum,
        bool isFinal,
        bytes32 appDataHash,
        bytes32 outcomeHash,
        bytes calldata signature
    ) external view returns (address) {
        return ECDSA.recover(digest(channelId, turnNum, isFinal, appDataHash, outcomeHash), signature);
    }
}

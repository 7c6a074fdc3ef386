// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AssetOutcome} from "./IParleyApp.sol";

/// @notice The part of a channel's state that never changes; it names the channel.
/// @dev `channelId = keccak256(abi.encode(chainId, adjudicator, participants, channelNonce, appDefinition,
///      challengeDuration))` (the fields encoded one after the other, not as one tuple). The adjudicator accepts a fixed
///      part only when `chainId == block.chainid` and `adjudicator == address(this)`, so a channel (and every signature
///      on its states) is bound to one chain and one adjudicator.
/// @param chainId The EIP-155 chain id the channel lives on.
/// @param adjudicator The adjudicator contract that holds the channel's funds and settles its disputes.
/// @param participants The participants' addresses, in order; participant `i` signs with the key of `participants[i]`
///        and is paid `outcome[k].balances[i]` of each asset `k`.
/// @param channelNonce Distinguishes channels with otherwise equal fixed parts.
/// @param appDefinition The `IParleyApp` contract whose `reduce` enforces the channel's rules on chain.
/// @param challengeDuration The challenge window, in seconds of chain time (`block.timestamp`); at least 1.
struct FixedPart {
    uint256 chainId;
    address adjudicator;
    address[] participants;
    uint64 channelNonce;
    address appDefinition;
    uint48 challengeDuration;
}

/// @notice The part of a channel's state that changes from turn to turn.
/// @dev Participants sign the EIP-712 struct `State(bytes32 channelId,uint48 turnNum,bool isFinal,bytes32 appDataHash,
///      bytes32 outcomeHash)` with `appDataHash = keccak256(appData)` and `outcomeHash = keccak256(abi.encode(outcome))`,
///      under the domain {name "Parley", version "1", chainId, verifyingContract = adjudicator}.
/// @param appData The canonical ABI encoding of the application's state machine fields.
/// @param outcome How the channel's holdings are split: one entry per asset, `balances[i]` for participant `i`.
/// @param turnNum The state's turn number; the action applied to turn `t` yields turn `t + 1`.
/// @param isFinal Whether the state is terminal; a final state signed by every participant concludes the channel.
struct VariablePart {
    bytes appData;
    AssetOutcome[] outcome;
    uint48 turnNum;
    bool isFinal;
}

/// @notice One step of a support proof, or the answer to a challenge: an action and its mover's signature.
/// @dev The action is applied by the app's `reduce` to the state before it (turn `t`) on behalf of participant
///      `nextMover(appData, t, n)`; the result (turn `t + 1`, `isFinal = app.isFinal(newAppData)`) must be signed by that
///      mover. `signature` is 65 bytes r ‖ s ‖ v (v = 27 or 28) with s in the lower half of the curve order.
/// @param action The action as calldata: 4-byte selector followed by its ABI-encoded arguments.
/// @param signature The mover's EIP-712 signature on the state the action produces.
struct Move {
    bytes action;
    bytes signature;
}

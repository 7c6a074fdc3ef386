// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The AssetOutcome of contracts/src/IParleyApp.sol (ABI (address,uint256[])).
struct HarnessOutcome {
    address asset;
    uint256[] balances;
}

/// @title ReduceHarness: runs a sequence of actions through a Parley app in one eth_call.
/// @notice For each action: staticcall reduce(appData, outcome, action, mover) and, when it succeeds, continue from its
///         result; then staticcall isFinal(appData) and nextMover(appData, turnNum, participants) on the state reached
///         (turnNum counts the successful steps). Each call's outcome is recorded as 0x01 ‖ return data or
///         0x00 ‖ revert data, so the test compares the exact bytes with the C# reducer's.
contract ReduceHarness {
    function run(
        address app,
        bytes memory appData,
        HarnessOutcome[] memory outcome,
        bytes[] calldata actions,
        uint256[] calldata movers,
        uint256 participants
    ) external view returns (bytes[] memory results) {
        results = new bytes[](actions.length * 3);
        uint48 turnNum = 0;
        for (uint256 i = 0; i < actions.length; i++) {
            (bool ok, bytes memory ret) = app.staticcall(
                abi.encodeWithSignature(
                    "reduce(bytes,(address,uint256[])[],bytes,uint256)", appData, outcome, actions[i], movers[i]
                )
            );
            results[3 * i] = abi.encodePacked(ok ? bytes1(0x01) : bytes1(0x00), ret);
            if (ok) {
                (appData, outcome) = abi.decode(ret, (bytes, HarnessOutcome[]));
                turnNum++;
            }
            (ok, ret) = app.staticcall(abi.encodeWithSignature("isFinal(bytes)", appData));
            results[3 * i + 1] = abi.encodePacked(ok ? bytes1(0x01) : bytes1(0x00), ret);
            (ok, ret) = app.staticcall(
                abi.encodeWithSignature("nextMover(bytes,uint48,uint256)", appData, turnNum, participants)
            );
            results[3 * i + 2] = abi.encodePacked(ok ? bytes1(0x01) : bytes1(0x00), ret);
        }
    }
}

// Parley's solc settings: the ONE place to tune how every contract is compiled.
//
// Used by build.mjs (the contracts under contracts/src and contracts/test, at build time) and by compile-stdin.mjs
// (Solidity compiled at run time by tests) when its input gives no settings. Changing anything here changes the
// build stamp, so the next `dotnet build` recompiles every contract.
//
// ==== tunable block (the contracts engineer owns these values) =========================================
export const settings = {
  // The optimizer trades deploy cost (bytecode size) for call cost: higher `runs` = cheaper calls.
  optimizer: { enabled: true, runs: 200 },
  // The IR pipeline (Yul optimizer across functions): needed by the adjudicator (calldata structs overflow the legacy
  // pipeline's stack) and cheaper per call; slower to compile (~6 s for contracts/).
  viaIR: true,
  // A hardfork anvil 1.7.1 runs (its default is the latest) and that today's L1 and L2 chains support.
  evmVersion: 'prague',
};
// ==== end of tunable block ==============================================================================

/** What build.mjs asks solc for, per contract. */
export const outputSelection = {
  '*': {
    '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'],
  },
};

#!/usr/bin/env node
// Compiles a solc standard-JSON input read from standard input and writes solc's standard-JSON output to standard
// output, with the same import resolution as build.mjs ("@openzeppelin/..." from node_modules, other unit names from
// the contracts folder, e.g. "src/IParleyApp.sol"). For tests that compile generated Solidity at run time.
//
// When the input has no "settings", Parley's settings (solc-settings.mjs) are used; when it has settings but no
// "outputSelection", build.mjs's selection (abi, bytecode, deployed bytecode, method identifiers) is added.
//
// Usage: node contracts/tools/compile-stdin.mjs [--contracts DIR] [--node-modules DIR] < input.json > output.json
// Exit codes: 0 solc ran (its "errors" array holds any diagnostics); 2 bad usage, unreadable input or no solc.
import path from 'node:path';
import { settings, outputSelection } from './solc-settings.mjs';
import { defaults, loadSolc, makeImportCallback, compile } from './solc-driver.mjs';

function fail(message) {
  process.stderr.write(`compile-stdin.mjs: ${message}\n`);
  process.exit(2);
}

const opts = { contractsDir: defaults.contractsDir, nodeModulesDir: defaults.nodeModulesDir };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if ((a === '--contracts' || a === '--node-modules') && i + 1 < argv.length) {
    opts[a === '--contracts' ? 'contractsDir' : 'nodeModulesDir'] = path.resolve(argv[++i]);
  } else {
    fail(`unknown or incomplete argument ${a}`);
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let input;
try {
  input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
} catch (e) {
  fail(`standard input is not JSON: ${e.message}`);
}
if (typeof input !== 'object' || input === null || typeof input.sources !== 'object') {
  fail('standard input is not a solc standard-JSON input (no "sources" object)');
}
input.language ??= 'Solidity';
input.settings ??= { ...settings };
input.settings.outputSelection ??= outputSelection;

let solc;
try {
  solc = loadSolc(opts.nodeModulesDir);
} catch (e) {
  fail(e.message);
}
process.stdout.write(JSON.stringify(compile(solc, input, makeImportCallback(opts))));

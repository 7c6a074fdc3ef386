#!/usr/bin/env node
// Compiles the generated app contracts (<Namespace>.<Class>.sol, written by Parley.Generators.targets) at build time
// with the pinned solc-js and Parley's settings (solc-settings.mjs, as the adjudicator), one artifact beside each:
//
//   <out-dir>/<Namespace>.<Class>.json = { contractName, sourceName, abi, bytecode, deployedBytecode, methodIdentifiers,
//                                           solcVersion, settings, sourceHash }
//
// The text compiled is the file's text with LF line endings and exactly one trailing newline — by construction the
// state machine's SoliditySource — under the source unit name "<ContractName>.sol", exactly as
// Parley.Deployment.AppContract compiles it at run time, so the bytecode (metadata hash included) is identical.
// sourceHash = SHA-256 (hex) of that UTF-8 text: AppContract uses the artifact only when it equals the hash of the
// definition's SoliditySource.
//
// Usage: node compile-apps.mjs [--out-dir DIR] [--project-dir DIR] [--node-modules DIR] [--home DIR] [--no-provision] FILE.sol...
//   --out-dir       where the .json artifacts go (default: beside each .sol)
//   --project-dir   where the search for node_modules/solc starts (default: the current directory)
//   --node-modules, --home, --no-provision: see parley-toolchain.mjs
// Exit codes: 0 compiled; 1 solc diagnostics (printed as MSBuild errors); 2 bad usage or unreadable input;
//             3 the toolchain is unavailable (node works, but no solc and it could not be provisioned).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { settings, outputSelection } from './solc-settings.mjs';
import { defaults, loadSolc, makeImportCallback, compile, lineAndColumn } from './solc-driver.mjs';
import { findSolc, ToolchainError, PINNED } from './parley-toolchain.mjs';

function usage(message) {
  process.stderr.write(`compile-apps.mjs: ${message}\n`
    + 'usage: node compile-apps.mjs [--out-dir DIR] [--project-dir DIR] [--node-modules DIR] [--home DIR] [--no-provision] FILE.sol...\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { outDir: null, projectDir: process.cwd(), nodeModules: null, home: null, noProvision: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return path.resolve(argv[++i]);
    };
    if (a === '--out-dir') opts.outDir = value();
    else if (a === '--project-dir') opts.projectDir = value();
    else if (a === '--node-modules') opts.nodeModules = value();
    else if (a === '--home') opts.home = value();
    else if (a === '--no-provision') opts.noProvision = true;
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.files.push(path.resolve(a));
  }
  if (opts.files.length === 0) usage('no .sol files given');
  return opts;
}

/** The text AppContract compiles: LF line endings, exactly one trailing newline. */
export function canonicalSource(text) {
  return `${text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n`;
}

/** The one contract a generated file declares (its name decides the source unit name). */
function contractNameOf(file, source) {
  const names = [...source.matchAll(/^\s*contract\s+([A-Za-z_$][A-Za-z0-9_$]*)/gm)].map((m) => m[1]);
  if (names.length !== 1) {
    throw new Error(`${file}: error PARLEY-BUILD: expected exactly one contract in a generated app source, found ${names.length} (${names.join(', ')})`);
  }
  return names[0];
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const inputs = opts.files.map((file) => {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      usage(`cannot read ${file}: ${e.message}`);
    }
    const source = canonicalSource(text);
    return { file, source, contractName: contractNameOf(file, source) };
  });

  let toolchain;
  try {
    toolchain = findSolc({ nodeModules: opts.nodeModules, starts: [opts.projectDir], home: opts.home, noProvision: opts.noProvision,
      log: (m) => process.stdout.write(`${m}\n`) });
  } catch (e) {
    if (!(e instanceof ToolchainError)) throw e;
    process.stdout.write(`parley: the Solidity toolchain is unavailable (${e.message.split('\n')[0]}); app contracts will be compiled at run time instead.\n`);
    if (e.message.includes('\n')) process.stdout.write(`${e.message.split('\n').slice(1).map((l) => `  ${l}`).join('\n')}\n`);
    return 3;
  }

  const started = Date.now();
  const solc = loadSolc(toolchain.nodeModulesDir);
  const importCallback = makeImportCallback({ contractsDir: defaults.contractsDir, nodeModulesDir: toolchain.nodeModulesDir });
  let failed = false;
  for (const { file, source, contractName } of inputs) {
    const unit = `${contractName}.sol`;
    const output = compile(solc, { language: 'Solidity', sources: { [unit]: { content: source } }, settings: { ...settings, outputSelection } }, importCallback);
    const errors = (output.errors ?? []).filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      for (const d of errors) {
        const { line, column } = lineAndColumn(source, d.sourceLocation?.start ?? 0);
        process.stdout.write(`${file}(${line},${column}): error SOLC${d.errorCode ?? '0000'}: ${d.message}\n`);
      }
      failed = true;
      continue;
    }
    const c = output.contracts?.[unit]?.[contractName];
    if (typeof c?.evm?.bytecode?.object !== 'string' || typeof c?.evm?.deployedBytecode?.object !== 'string') {
      process.stdout.write(`${file}: error PARLEY-BUILD: solc produced no bytecode for ${contractName}.\n`);
      failed = true;
      continue;
    }
    const artifact = {
      contractName,
      sourceName: unit,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      methodIdentifiers: c.evm.methodIdentifiers ?? {},
      solcVersion: solc.version(),
      settings,
      sourceHash: crypto.createHash('sha256').update(source, 'utf8').digest('hex'),
    };
    const outDir = opts.outDir ?? path.dirname(file);
    fs.mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, `${path.basename(file, '.sol')}.json`);
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(artifact, null, 2)}\n`);
    fs.renameSync(tmp, out);
  }
  if (failed) return 1;
  process.stdout.write(`parley: compiled ${inputs.length} app contract(s) with solc ${PINNED.solc} (${toolchain.origin}) in ${Date.now() - started} ms\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stdout.write(`${e.message.includes('error PARLEY-BUILD') ? e.message : `compile-apps.mjs: error PARLEY-BUILD: ${e.message}`}\n`);
  process.exitCode = 1;
}

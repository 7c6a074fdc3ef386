#!/usr/bin/env node
// Compiles every Solidity file under contracts/src and contracts/test with the pinned solc-js, in one process, and
// writes one artifact per contract:
//
//   <out>/<src|test>/<ContractName>.json = { contractName, sourceName, abi, bytecode, deployedBytecode,
//                                             methodIdentifiers, solcVersion, settings }
//
// `bytecode`/`deployedBytecode` are 0x-prefixed hex ("0x" for interfaces and abstract contracts); `sourceName` is the
// source unit name (e.g. "src/Adjudicator.sol"); `settings` is the settings block of solc-settings.mjs.
//
// The build FAILS on any solc warning or error: each is printed as `<file>(<line>,<col>): error SOLC<code>: <Severity>:
// <message>` (MSBuild's canonical form, so `dotnet build` lists it as an error) followed by solc's code excerpt, and no
// artifact is written. Also refused: two contracts with the same name in one folder, and bytecode that needs library
// linking.
//
// Incremental: a SHA-256 stamp over the .sol files (names and contents), the solc and OpenZeppelin versions, the
// settings and these tools; when it matches the previous build, nothing is compiled (solc is not even loaded) and the
// stamp file's time is refreshed. A lock file serialises concurrent builds of the same tree.
//
// Usage: node contracts/tools/build.mjs [--contracts DIR] [--out DIR] [--node-modules DIR] [--force] [--quiet]
//   --contracts     folder holding src/ and test/ (default: contracts/, the parent of this file)
//   --out           artifact folder (default: <contracts>/out)
//   --node-modules  where solc and @openzeppelin live (default: <repo>/node_modules)
//   --force         compile even when the stamp matches
// Exit codes: 0 built or up to date; 1 solc diagnostics or refused output; 2 bad usage or environment.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { settings, outputSelection } from './solc-settings.mjs';
import { defaults, loadSolc, openZeppelinVersion, makeImportCallback, compile, lineAndColumn } from './solc-driver.mjs';

const FOLDERS = ['src', 'test'];
const STAMP = '.build-stamp';
const LOCK = '.build-lock';
const LOCK_STALE_MS = 5 * 60 * 1000;

function parseArgs(argv) {
  const opts = { contractsDir: defaults.contractsDir, outDir: null, nodeModulesDir: defaults.nodeModulesDir, force: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return path.resolve(argv[++i]);
    };
    if (a === '--contracts') opts.contractsDir = value();
    else if (a === '--out') opts.outDir = value();
    else if (a === '--node-modules') opts.nodeModulesDir = value();
    else if (a === '--force') opts.force = true;
    else if (a === '--quiet') opts.quiet = true;
    else usage(`unknown argument ${a}`);
  }
  opts.outDir ??= path.join(opts.contractsDir, 'out');
  return opts;
}

function usage(message) {
  process.stderr.write(`build.mjs: ${message}\nusage: node build.mjs [--contracts DIR] [--out DIR] [--node-modules DIR] [--force] [--quiet]\n`);
  process.exit(2);
}

/** Every .sol file under contracts/<folder>, as sorted source unit names "<folder>/<relative path>". */
function findSources(contractsDir) {
  const units = [];
  const walk = (dir, prefix) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const unit = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), unit);
      else if (entry.isFile() && entry.name.endsWith('.sol')) units.push(unit);
    }
  };
  for (const folder of FOLDERS) {
    const dir = path.join(contractsDir, folder);
    if (fs.existsSync(dir)) walk(dir, folder);
  }
  return units.sort();
}

function stampOf(sources, solcVersionKey, ozVersion) {
  const h = crypto.createHash('sha256');
  const add = (s) => h.update(`${Buffer.byteLength(s)}:${s}`);
  add(solcVersionKey);
  add(ozVersion);
  add(JSON.stringify(settings));
  add(JSON.stringify(outputSelection));
  const toolsDir = path.dirname(fileURLToPath(import.meta.url));
  for (const tool of ['build.mjs', 'solc-driver.mjs', 'solc-settings.mjs']) add(fs.readFileSync(path.join(toolsDir, tool), 'utf8'));
  for (const [unit, content] of sources) {
    add(unit);
    add(content);
  }
  return h.digest('hex');
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(outDir) {
  const lock = path.join(outDir, LOCK);
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return lock;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released between our attempt and the stat
      }
      if (age > LOCK_STALE_MS) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (another build is running)`);
      sleep(200);
    }
  }
}

function writeAtomically(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function touch(file) {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

/** Formats one solc diagnostic as "<file>(<line>,<col>): error SOLC<code>: <Severity>: <message>" plus solc's excerpt. */
function formatDiagnostic(d, fileOf) {
  const loc = d.sourceLocation;
  let where = 'solc';
  if (loc?.file) {
    const f = fileOf(loc.file);
    if (f) {
      const { line, column } = lineAndColumn(f.content, loc.start ?? 0);
      where = `${f.path}(${line},${column})`;
    } else {
      where = loc.file;
    }
  }
  const code = d.errorCode ? `SOLC${d.errorCode}` : 'SOLC0000';
  const excerpt = (d.formattedMessage ?? '').split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => `    ${l}`).join('\n');
  return `${where}: error ${code}: ${d.type ?? d.severity}: ${d.message}${excerpt ? `\n${excerpt}` : ''}`;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (m) => {
    if (!opts.quiet) process.stdout.write(`${m}\n`);
  };
  const units = findSources(opts.contractsDir);
  const sources = new Map(units.map((u) => [u, fs.readFileSync(path.join(opts.contractsDir, u), 'utf8')]));
  const ozVersion = openZeppelinVersion(opts.nodeModulesDir);
  const solcPkg = path.join(opts.nodeModulesDir, 'solc', 'package.json');
  if (!fs.existsSync(solcPkg)) {
    process.stderr.write(`build.mjs: solc-js is not installed at ${path.dirname(solcPkg)}; run script/bootstrap (npm ci) first.\n`);
    process.exit(2);
  }
  const solcPkgVersion = JSON.parse(fs.readFileSync(solcPkg, 'utf8')).version;
  const stamp = stampOf(sources, solcPkgVersion, ozVersion);

  fs.mkdirSync(opts.outDir, { recursive: true });
  const stampFile = path.join(opts.outDir, STAMP);
  const lock = acquireLock(opts.outDir);
  try {
    if (!opts.force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === stamp) {
      touch(stampFile);
      log(`contracts: up to date (${units.length} source files)`);
      return 0;
    }
    // A failed build must not leave a stamp that a later build would trust.
    fs.rmSync(stampFile, { force: true });

    const started = Date.now();
    const solc = loadSolc(opts.nodeModulesDir);
    const loaded = new Map();
    const input = {
      language: 'Solidity',
      sources: Object.fromEntries([...sources].map(([u, content]) => [u, { content }])),
      settings: { ...settings, outputSelection },
    };
    const output = units.length === 0 ? { contracts: {} } : compile(solc, input, makeImportCallback(opts, loaded));
    const fileOf = (unit) =>
      sources.has(unit) ? { path: path.join(opts.contractsDir, unit), content: sources.get(unit) } : loaded.get(unit);

    const problems = (output.errors ?? []).filter((d) => d.severity !== 'info').map((d) => formatDiagnostic(d, fileOf));
    const artifacts = new Map(FOLDERS.map((f) => [f, new Map()]));
    // When solc fails during code generation (e.g. "stack too deep"), it still lists the contracts (with their ABI) but
    // without bytecode: report its diagnostics rather than reading the missing bytecode.
    const failed = (output.errors ?? []).some((d) => d.severity === 'error');
    for (const [unit, contracts] of failed ? [] : Object.entries(output.contracts ?? {})) {
      const folder = unit.split('/')[0];
      if (!artifacts.has(folder)) continue; // an imported file (OpenZeppelin, ...): not ours to publish
      for (const [name, c] of Object.entries(contracts)) {
        if (typeof c.evm?.bytecode?.object !== 'string' || typeof c.evm?.deployedBytecode?.object !== 'string') {
          problems.push(`${path.join(opts.contractsDir, unit)}: error PARLEY-BUILD: solc produced no bytecode for ${name} (code generation failed without a diagnostic).`);
          continue;
        }
        const links = { ...(c.evm?.bytecode?.linkReferences ?? {}) };
        if (Object.keys(links).length > 0) {
          problems.push(`${path.join(opts.contractsDir, unit)}: error PARLEY-BUILD: ${name} needs library linking (${Object.keys(links).join(', ')}); make the library functions internal.`);
          continue;
        }
        const previous = artifacts.get(folder).get(name);
        if (previous) {
          problems.push(`${path.join(opts.contractsDir, unit)}: error PARLEY-BUILD: contract ${name} is also defined in ${previous.sourceName}; names must be unique within ${folder}/.`);
          continue;
        }
        artifacts.get(folder).set(name, {
          contractName: name,
          sourceName: unit,
          abi: c.abi,
          bytecode: `0x${c.evm.bytecode.object}`,
          deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
          methodIdentifiers: c.evm.methodIdentifiers ?? {},
          solcVersion: solc.version(),
          settings,
        });
      }
    }
    if (problems.length > 0) {
      process.stdout.write(`${problems.join('\n')}\n`);
      process.stderr.write(`build.mjs: ${problems.length} solc diagnostic(s); warnings are errors here. No artifacts written.\n`);
      return 1;
    }

    let count = 0;
    for (const [folder, byName] of artifacts) {
      const dir = path.join(opts.outDir, folder);
      fs.mkdirSync(dir, { recursive: true });
      const keep = new Set();
      for (const [name, artifact] of byName) {
        writeAtomically(path.join(dir, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
        keep.add(`${name}.json`);
        count++;
      }
      for (const stale of fs.readdirSync(dir)) {
        if (stale.endsWith('.json') && !keep.has(stale)) fs.rmSync(path.join(dir, stale), { force: true });
      }
    }
    writeAtomically(stampFile, `${stamp}\n`);
    log(`contracts: compiled ${units.length} source files into ${count} artifacts in ${opts.outDir} (${Date.now() - started} ms, solc ${solc.version()})`);
    return 0;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`build.mjs: ${e.message}\n`);
  process.exitCode = 2;
}

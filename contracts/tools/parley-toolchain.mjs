#!/usr/bin/env node
// Parley's dev toolchain for the build: finds solc-js at the pinned version, or provisions the pinned toolchain into the
// per-user folder with one `npm install` — the build-time twin of runtime/Parley/Deployment/DevToolchain.cs, with the
// same versions, folders and lock protocol, so a build and a running app never install twice or into each other.
//
// Lookup (first hit wins): --node-modules DIR; $PARLEY_TOOLCHAIN/node_modules (must have solc, else an error);
// node_modules/solc at the pinned version in the start folders or an ancestor (the repository case); the per-user folder
// <home>/toolchain/<versionKey>/ (<home> = --home, else $PARLEY_HOME, else ~/.parley) when complete; else provisioning
// (unless --no-provision or PARLEY_NO_PROVISION is set to anything but 0/false):
//   lock     <folder>.lock, created exclusively ('wx'), holding "<pid>\n<host>\n"; taken over when its process is gone
//            (same host) or it is older than the time-out
//   install  npm install --prefix <folder's parent>/.<name>.tmp-<pid>-<random> --no-audit --no-fund <anvil pkg>@1.7.1 solc@0.8.37
//   finish   write .parley-toolchain.json last, then rename the temporary folder to <folder> (atomic)
//
// Usage as a command: node parley-toolchain.mjs [--home DIR] [--npm PATH] [--no-provision] where|provision
//   where      prints the node_modules folder that has solc (provisioning if needed and allowed)
//   provision  installs the per-user toolchain (if not complete) and prints its folder
// Exit codes: 0 ok; 2 bad usage; 3 toolchain unavailable (npm missing, install failed, provisioning off).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The pinned versions: equal to DevToolchain.AnvilVersion/SolcVersion and the repository's package-lock.json. */
export const PINNED = Object.freeze({ anvil: '1.7.1', solc: '0.8.37' });
export const MARKER = '.parley-toolchain.json';
const LOCK_STALE_MS = 10 * 60 * 1000;

/** Raised when the toolchain cannot be found or installed; `exitCode` 3. */
export class ToolchainError extends Error {}

const platform = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';

export const anvilPackage = `@foundry-rs/anvil-${platform}-${arch}`;
export const versionKey = `anvil-${PINNED.anvil}-solc-${PINNED.solc}-${platform}-${arch}`;
export const pinnedPackages = [`${anvilPackage}@${PINNED.anvil}`, `solc@${PINNED.solc}`];
const anvilRelative = path.join('node_modules', '@foundry-rs', `anvil-${platform}-${arch}`, 'bin', platform === 'win32' ? 'anvil.exe' : 'anvil');

export function homeDirectory(opts = {}) {
  if (opts.home) return path.resolve(opts.home);
  if (process.env.PARLEY_HOME) return path.resolve(process.env.PARLEY_HOME);
  return path.join(os.homedir(), '.parley');
}

export function userToolchainDirectory(opts = {}) {
  return path.join(homeDirectory(opts), 'toolchain', versionKey);
}

export function provisioningAllowed(opts = {}) {
  if (opts.noProvision) return false;
  const v = process.env.PARLEY_NO_PROVISION;
  return !v || v === '0' || v.toLowerCase() === 'false';
}

export function solcVersionAt(nodeModulesDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(nodeModulesDir, 'solc', 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

export function isComplete(dir) {
  return fs.existsSync(path.join(dir, MARKER)) && fs.existsSync(path.join(dir, anvilRelative)) && fs.existsSync(path.join(dir, 'node_modules', 'solc', 'package.json'));
}

/**
 * The node_modules folder holding solc-js: { nodeModulesDir, origin }. Throws ToolchainError when nothing has it and it
 * cannot be provisioned. opts: { nodeModules, starts: [dirs], home, noProvision, log }.
 */
export function findSolc(opts = {}) {
  if (opts.nodeModules) return { nodeModulesDir: path.resolve(opts.nodeModules), origin: '--node-modules' };
  if (process.env.PARLEY_TOOLCHAIN) {
    const modules = path.join(path.resolve(process.env.PARLEY_TOOLCHAIN), 'node_modules');
    if (solcVersionAt(modules) === null) {
      throw new ToolchainError(`PARLEY_TOOLCHAIN names ${process.env.PARLEY_TOOLCHAIN}, which has no node_modules/solc`);
    }
    return { nodeModulesDir: modules, origin: 'PARLEY_TOOLCHAIN' };
  }
  const searched = new Set();
  for (const start of opts.starts ?? [process.cwd()]) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (!searched.has(dir)) {
        searched.add(dir);
        const modules = path.join(dir, 'node_modules');
        if (solcVersionAt(modules) === PINNED.solc) return { nodeModulesDir: modules, origin: `node_modules in ${dir}` };
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  const user = userToolchainDirectory(opts);
  if (isComplete(user)) return { nodeModulesDir: path.join(user, 'node_modules'), origin: 'per-user toolchain' };
  if (!provisioningAllowed(opts)) {
    throw new ToolchainError(`no solc-js ${PINNED.solc} in node_modules above ${[...searched][0] ?? process.cwd()} or in ${user}, and provisioning is off`);
  }
  return { nodeModulesDir: path.join(provision(opts), 'node_modules'), origin: 'per-user toolchain (provisioned)' };
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function shortHost() {
  return os.hostname().split('.')[0];
}

function isStale(lock) {
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    const [pid, host] = fs.readFileSync(lock, 'utf8').split('\n');
    if (host !== shortHost() || !/^\d+$/.test(pid ?? '')) return false;
    try {
      process.kill(Number(pid), 0);
      return false;
    } catch (e) {
      return e.code === 'ESRCH';
    }
  } catch {
    return false;
  }
}

/** Installs the per-user toolchain unless complete; returns its folder. Throws ToolchainError on failure. */
export function provision(opts = {}) {
  const target = userToolchainDirectory(opts);
  if (isComplete(target)) return target;
  const log = opts.log ?? (() => {});
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const lock = `${target}.lock`;
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    if (isComplete(target)) return target;
    try {
      fs.writeFileSync(lock, `${process.pid}\n${shortHost()}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw new ToolchainError(`cannot create ${lock}: ${e.message}`);
      if (isStale(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new ToolchainError(`timed out waiting for another toolchain install (lock ${lock})`);
      sleep(250);
    }
  }
  const temporary = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    if (isComplete(target)) return target;
    fs.mkdirSync(temporary, { recursive: true });
    const args = ['install', '--prefix', temporary, '--no-audit', '--no-fund', ...pinnedPackages];
    log(`parley: installing the dev toolchain (${pinnedPackages.join(', ')}) into ${target} ...`);
    const npm = spawnSync(opts.npm ?? 'npm', args, {
      cwd: temporary,
      encoding: 'utf8',
      timeout: LOCK_STALE_MS,
      shell: platform === 'win32',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    if (npm.error) throw new ToolchainError(`cannot run npm (${npm.error.message}); install Node.js with npm, or set PARLEY_TOOLCHAIN`);
    if (npm.status !== 0) {
      const tail = (npm.stderr ?? '').trimEnd().split('\n').slice(-20).join('\n');
      throw new ToolchainError(`npm ${args.join(' ')} exited with code ${npm.status}:\n${tail}`);
    }
    if (!fs.existsSync(path.join(temporary, anvilRelative)) || solcVersionAt(path.join(temporary, 'node_modules')) === null) {
      throw new ToolchainError(`npm install left no ${anvilRelative} or node_modules/solc in ${temporary}`);
    }
    const marker = { anvil: PINNED.anvil, solc: PINNED.solc, packages: pinnedPackages, installedBy: 'parley-toolchain.mjs', installedAt: new Date().toISOString() };
    fs.writeFileSync(path.join(temporary, MARKER), `${JSON.stringify(marker)}\n`);
    fs.rmSync(target, { recursive: true, force: true }); // an incomplete leftover; we hold the lock
    try {
      fs.renameSync(temporary, target);
    } catch (e) {
      if (!isComplete(target)) throw new ToolchainError(`cannot move ${temporary} to ${target}: ${e.message}`);
    }
    return target;
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
    fs.rmSync(lock, { force: true });
  }
}

function main(argv) {
  const opts = { starts: [process.cwd()] };
  let command = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--home' && i + 1 < argv.length) opts.home = argv[++i];
    else if (a === '--npm' && i + 1 < argv.length) opts.npm = argv[++i];
    else if (a === '--no-provision') opts.noProvision = true;
    else if ((a === 'where' || a === 'provision') && command === null) command = a;
    else {
      process.stderr.write(`parley-toolchain.mjs: unknown argument ${a}\nusage: node parley-toolchain.mjs [--home DIR] [--npm PATH] [--no-provision] where|provision\n`);
      return 2;
    }
  }
  if (command === null) {
    process.stderr.write('usage: node parley-toolchain.mjs [--home DIR] [--npm PATH] [--no-provision] where|provision\n');
    return 2;
  }
  opts.log = (m) => process.stderr.write(`${m}\n`);
  try {
    process.stdout.write(`${command === 'where' ? findSolc(opts).nodeModulesDir : provision(opts)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ToolchainError)) throw e;
    process.stderr.write(`parley-toolchain.mjs: ${e.message}\n`);
    return 3;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}

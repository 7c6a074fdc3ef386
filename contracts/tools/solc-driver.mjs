// Shared by build.mjs and compile-stdin.mjs: loads the pinned solc-js from node_modules and resolves imports.
//
// Import resolution (solc's import callback; solc first resolves relative imports against the importing unit's name):
//   "@openzeppelin/..."  -> <node_modules>/@openzeppelin/...     (the pinned @openzeppelin/contracts)
//   anything else        -> <contracts dir>/<unit name>            (e.g. "src/IParleyApp.sol")
// Absolute paths and paths escaping their root ("..") are refused with a clear error.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The default folders: this file lives in <repo>/contracts/tools. */
export const defaults = {
  contractsDir: path.resolve(here, '..'),
  nodeModulesDir: path.resolve(here, '..', '..', 'node_modules'),
};

/** Loads solc-js from `nodeModulesDir` (about 0.5 s): call once per process. */
export function loadSolc(nodeModulesDir) {
  const entry = path.join(nodeModulesDir, 'solc', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`solc-js is not installed at ${path.dirname(entry)}; run script/bootstrap (npm ci) first.`);
  }
  return createRequire(entry)(entry);
}

/** The version of @openzeppelin/contracts under `nodeModulesDir`, or "absent". */
export function openZeppelinVersion(nodeModulesDir) {
  const pkg = path.join(nodeModulesDir, '@openzeppelin', 'contracts', 'package.json');
  return fs.existsSync(pkg) ? JSON.parse(fs.readFileSync(pkg, 'utf8')).version : 'absent';
}

function inside(root, unitName) {
  if (path.isAbsolute(unitName) || unitName.split('/').includes('..')) {
    return null;
  }
  const full = path.resolve(root, unitName);
  return full.startsWith(path.resolve(root) + path.sep) ? full : null;
}

/**
 * Makes solc's import callback. `loaded` (optional Map) receives unitName -> { path, content } for every file read,
 * so diagnostics in imported files can be mapped to lines.
 */
export function makeImportCallback({ contractsDir, nodeModulesDir }, loaded = new Map()) {
  return (unitName) => {
    const root = unitName.startsWith('@openzeppelin/') ? nodeModulesDir : contractsDir;
    const full = inside(root, unitName);
    if (full === null) {
      return { error: `import "${unitName}" is absolute or escapes ${root}` };
    }
    if (!fs.existsSync(full)) {
      return { error: `import "${unitName}" not found (looked for ${full})` };
    }
    const content = fs.readFileSync(full, 'utf8');
    loaded.set(unitName, { path: full, content });
    return { contents: content };
  };
}

/** Compiles a standard-JSON input object; returns solc's standard-JSON output object. */
export function compile(solc, input, importCallback) {
  return JSON.parse(solc.compile(JSON.stringify(input), { import: importCallback }));
}

/** 1-based line and column (in characters) of a 0-based UTF-8 byte offset in `content` (solc counts bytes). */
export function lineAndColumn(content, byteOffset) {
  const bytes = Buffer.from(content, 'utf8');
  const end = Math.min(Math.max(byteOffset, 0), bytes.length);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: bytes.subarray(lineStart, end).toString('utf8').length + 1 };
}

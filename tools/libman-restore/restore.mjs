#!/usr/bin/env node
// libman-restore: restores the client libraries of a LibMan manifest (libman.json) without LibMan.
//
// LibMan's unpkg (and jsdelivr npm) provider serves the files of the npm package tarball, so
// `npm pack <name>@<version>` yields exactly the files `libman restore` would download. Each listed
// file is written to <destination>/<path inside the package>, as LibMan does: "dist/htmx.min.js"
// with destination "wwwroot/lib/htmx/" becomes wwwroot/lib/htmx/dist/htmx.min.js.
//
// Usage: node restore.mjs [--manifest <libman.json>] [--stamp <file>] [--force]
// Needs Node 18+, the npm CLI and tar. No npm dependencies. See README.md.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOL_VERSION = 1; // bump when the output layout changes: forces a restore despite a matching stamp
const SUPPORTED_PROVIDERS = new Set(['unpkg', 'jsdelivr']);
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

class RestoreError extends Error {}

function log(message) {
  process.stdout.write(`libman-restore: ${message}\n`);
}

function parseArgs(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const args = { manifest: path.resolve(here, '..', '..', 'libman.json'), stamp: null, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') args.force = true;
    else if (arg === '--manifest' && argv[i + 1]) args.manifest = path.resolve(argv[++i]);
    else if (arg === '--stamp' && argv[i + 1]) args.stamp = path.resolve(argv[++i]);
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node restore.mjs [--manifest <libman.json>] [--stamp <file>] [--force]\n');
      process.exit(0);
    } else throw new RestoreError(`unknown argument "${arg}" (try --help)`);
  }
  const root = path.dirname(args.manifest);
  args.stamp ??= path.join(root, 'wwwroot', 'lib', '.libman-restore.json');
  return args;
}

// ------------------------------------------------------------------ manifest

function readManifest(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new RestoreError(`cannot read ${file}: ${err.message}`);
  }
  let json;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RestoreError(`${file} is not valid JSON: ${err.message}`);
  }
  if (!Array.isArray(json.libraries)) throw new RestoreError(`${file} has no "libraries" array`);
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { json, hash };
}

/** One library entry → { id, name, version, mappings: [{ root, files, destination }] } (LibMan's rules). */
function describeLibrary(entry, manifest, manifestFile) {
  const id = entry.library;
  if (typeof id !== 'string' || !id) throw new RestoreError(`${manifestFile}: a library entry has no "library"`);
  const provider = entry.provider ?? manifest.defaultProvider;
  if (!SUPPORTED_PROVIDERS.has(provider)) {
    throw new RestoreError(`${id}: provider "${provider}" is not supported; this substitute restores npm packages ` +
      `(providers ${[...SUPPORTED_PROVIDERS].join(', ')}) only`);
  }
  const at = id.lastIndexOf('@');
  if (at <= 0) throw new RestoreError(`${id}: expected "<name>@<version>"`);
  const name = id.slice(0, at);
  const version = id.slice(at + 1);
  if (provider === 'jsdelivr' && name.startsWith('gh/')) {
    throw new RestoreError(`${id}: jsdelivr GitHub libraries are not supported (npm packages only)`);
  }
  if (!EXACT_VERSION.test(version)) {
    throw new RestoreError(`${id}: use an exact version (x.y.z) so every restore gives the same files`);
  }

  const destination = entry.destination ?? manifest.defaultDestination;
  const mappings = [];
  if (Array.isArray(entry.files) && entry.files.length > 0) {
    mappings.push({ root: '', files: entry.files, destination });
  } else if (!Array.isArray(entry.fileMappings) || entry.fileMappings.length === 0) {
    mappings.push({ root: '', files: ['**'], destination });
  }
  for (const mapping of entry.fileMappings ?? []) {
    const files = Array.isArray(mapping.files) && mapping.files.length > 0 ? mapping.files : ['**'];
    mappings.push({ root: trimSlashes(mapping.root ?? ''), files, destination: mapping.destination ?? destination });
  }
  for (const mapping of mappings) {
    if (!mapping.destination) throw new RestoreError(`${id}: no "destination" (and no "defaultDestination")`);
  }
  return { id, name, version, mappings };
}

function trimSlashes(value) {
  return value.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

// ------------------------------------------------------------------ globbing

/** LibMan-style file filter: exact paths, or globs with *, ** and ?. Paths use '/'. */
function globToRegExp(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function expandFiles(filters, available, libraryId) {
  const out = [];
  const missing = [];
  for (const raw of filters) {
    const filter = trimSlashes(raw);
    if (/[*?]/.test(filter)) {
      const re = globToRegExp(filter);
      const matches = available.filter((f) => re.test(f));
      if (matches.length === 0) missing.push(raw);
      out.push(...matches);
    } else if (available.includes(filter)) {
      out.push(filter);
    } else {
      missing.push(raw);
    }
  }
  if (missing.length > 0) {
    throw new RestoreError(`${libraryId}: not in the package: ${missing.join(', ')}`);
  }
  return [...new Set(out)];
}

function listFiles(dir, prefix = '') {
  const files = [];
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${dirent.name}` : dirent.name;
    if (dirent.isDirectory()) files.push(...listFiles(path.join(dir, dirent.name), rel));
    else if (dirent.isFile()) files.push(rel);
  }
  return files;
}

// ------------------------------------------------------------------ npm pack + cache

function cacheDir() {
  if (process.env.TENANTSITE_LIBMAN_CACHE) return path.resolve(process.env.TENANTSITE_LIBMAN_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tenantsite-libman');
}

function sha512(file) {
  return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32', // npm is npm.cmd there
    ...options,
  });
  if (result.error?.code === 'ENOENT') {
    const hint = command === 'npm'
      ? 'install Node.js 18 or later with npm (Debian: apt-get install -y nodejs npm)'
      : `install ${command}`;
    throw new RestoreError(`"${command}" was not found on PATH: ${hint}`);
  }
  if (result.error) throw new RestoreError(`${command} ${args.join(' ')}: ${result.error.message}`);
  return result;
}

/** The package tarball from the cache, or from `npm pack` (then cached). Returns the .tgz path. */
function fetchTarball(lib, workDir) {
  const dir = cacheDir();
  const base = `${lib.name.replace(/^@/, '').replace(/\//g, '__')}-${lib.version}`;
  const tarball = path.join(dir, `${base}.tgz`);
  const meta = path.join(dir, `${base}.json`);
  if (fs.existsSync(tarball) && fs.existsSync(meta)) {
    try {
      const { integrity } = JSON.parse(fs.readFileSync(meta, 'utf8'));
      if (integrity && integrity === sha512(tarball)) return { tarball, integrity, cached: true };
    } catch { /* a broken cache entry: fetch again */ }
  }

  const spec = `${lib.name}@${lib.version}`;
  const packDir = fs.mkdtempSync(path.join(workDir, 'pack-'));
  const result = run('npm', ['pack', spec, '--json', '--pack-destination', packDir], { cwd: packDir });
  if (result.status !== 0) {
    const detail = (result.stderr || result.stdout || '').trim().split('\n').filter((l) => !/Unknown user config/.test(l));
    throw new RestoreError(`npm pack ${spec} failed (exit ${result.status}):\n${detail.slice(-15).join('\n')}`);
  }
  let info;
  try {
    info = JSON.parse(result.stdout)[0];
  } catch {
    throw new RestoreError(`npm pack ${spec}: unexpected output:\n${result.stdout.slice(0, 2000)}`);
  }
  const packed = path.join(packDir, info.filename);
  if (info.name !== lib.name || info.version !== lib.version) {
    throw new RestoreError(`npm pack ${spec} returned ${info.name}@${info.version}`);
  }
  const integrity = sha512(packed);
  if (info.integrity && info.integrity !== integrity) {
    throw new RestoreError(`npm pack ${spec}: the tarball does not match its integrity ${info.integrity}`);
  }

  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${tarball}.${process.pid}.tmp`;
  fs.copyFileSync(packed, tmp);
  fs.renameSync(tmp, tarball);
  fs.writeFileSync(`${meta}.${process.pid}.tmp`, `${JSON.stringify({ library: spec, integrity }, null, 2)}\n`);
  fs.renameSync(`${meta}.${process.pid}.tmp`, meta);
  return { tarball, integrity, cached: false };
}

function extract(tarball, workDir) {
  const dir = fs.mkdtempSync(path.join(workDir, 'x-'));
  const result = run('tar', ['-xzf', tarball, '--no-same-owner', '-C', dir]);
  if (result.status !== 0) throw new RestoreError(`tar -xzf ${tarball} failed: ${result.stderr.trim()}`);
  // npm tarballs hold one top-level folder, almost always "package/".
  const top = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  if (top.length !== 1) throw new RestoreError(`${tarball}: expected one top-level folder in the tarball`);
  return path.join(dir, top[0].name);
}

// ------------------------------------------------------------------ writing

function isInside(child, parent) {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function copyAtomic(source, target) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(source, tmp);
  fs.renameSync(tmp, target);
}

function removeStale(oldFiles, newFiles, root) {
  const keep = new Set(newFiles);
  for (const rel of oldFiles) {
    if (keep.has(rel)) continue;
    const file = path.resolve(root, rel);
    if (!isInside(file, root)) continue;
    fs.rmSync(file, { force: true });
    // Remove folders this left empty, never the root itself.
    for (let dir = path.dirname(file); dir !== root && isInside(dir, root); dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        break;
      }
    }
  }
}

function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ main

function main() {
  const args = parseArgs(process.argv.slice(2));
  const root = path.dirname(args.manifest);
  const { json: manifest, hash } = readManifest(args.manifest);
  const stamp = readStamp(args.stamp);

  if (!args.force && stamp && stamp.manifestSha256 === hash && stamp.tool === TOOL_VERSION &&
      Array.isArray(stamp.files) && stamp.files.every((f) => fs.existsSync(path.resolve(root, f)))) {
    const now = new Date();
    fs.utimesSync(args.stamp, now, now); // newer than libman.json again, for MSBuild's Inputs/Outputs check
    log(`up to date (${stamp.files.length} files)`);
    return;
  }

  const libraries = manifest.libraries.map((entry) => describeLibrary(entry, manifest, args.manifest));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'libman-restore-'));
  const written = [];
  const restored = [];
  try {
    for (const lib of libraries) {
      const { tarball, integrity, cached } = fetchTarball(lib, workDir);
      const packageRoot = extract(tarball, workDir);
      const available = listFiles(packageRoot);
      const plan = new Map(); // destination file (relative to root, '/') -> source file
      for (const mapping of lib.mappings) {
        const filters = mapping.root ? mapping.files.map((f) => `${mapping.root}/${trimSlashes(f)}`) : mapping.files;
        for (const file of expandFiles(filters, available, lib.id)) {
          const relative = mapping.root ? file.slice(mapping.root.length + 1) : file;
          const target = path.resolve(root, mapping.destination, relative);
          if (!isInside(target, root)) throw new RestoreError(`${lib.id}: ${target} is outside ${root}`);
          const key = path.relative(root, target).split(path.sep).join('/');
          if (plan.has(key)) throw new RestoreError(`${lib.id}: ${key} is written by two file mappings`);
          plan.set(key, path.join(packageRoot, ...file.split('/')));
        }
      }
      for (const [key, source] of plan) copyAtomic(source, path.resolve(root, key));
      written.push(...plan.keys());
      restored.push({ library: lib.id, integrity, files: [...plan.keys()] });
      log(`${lib.id}: ${plan.size} file(s)${cached ? ' (cached tarball)' : ''}`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  if (stamp && Array.isArray(stamp.files)) removeStale(stamp.files, written, root);
  fs.mkdirSync(path.dirname(args.stamp), { recursive: true });
  const content = { tool: TOOL_VERSION, manifestSha256: hash, libraries: restored, files: written };
  fs.writeFileSync(`${args.stamp}.${process.pid}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
  fs.renameSync(`${args.stamp}.${process.pid}.tmp`, args.stamp);
  log(`restored ${written.length} file(s) from ${path.basename(args.manifest)}`);
}

try {
  main();
} catch (err) {
  if (!(err instanceof RestoreError)) throw err;
  process.stderr.write(`libman-restore: error: ${err.message}\n`);
  process.exit(1);
}

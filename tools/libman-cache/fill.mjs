#!/usr/bin/env node
// libman-cache: puts the npm libraries of a LibMan manifest (libman.json) into LibMan's own cache, so that LibMan
// (Microsoft.Web.LibraryManager.Build) restores them without reaching its CDN.
//
// LibMan's unpkg and jsdelivr providers serve the files of the npm package tarball. For each library this script
// takes that tarball from the npm registry (`npm pack`), checks it against the registry's sha512 integrity
// (`npm view <name>@<version> dist.integrity`), and writes what LibMan reads from its cache:
//   <cache>/<provider>/<name>/<version>/<path inside the package>   every file of the package
//   <cache>/<provider>/<name>/<version>-filelist.json               the file list the CDN's API would give
// A library whose file list and files are already in the cache is left alone, so nothing is fetched then.
//
// Usage: node fill.mjs [--manifest <libman.json>] [--cache <LibMan cache folder>] [--force]
// Needs Node 18+, the npm CLI and tar. No npm dependencies. See README.md.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROVIDERS = new Set(['unpkg', 'jsdelivr']);
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

class FillError extends Error {}

function log(message) {
  process.stdout.write(`libman-cache: ${message}\n`);
}

/**
 * LibMan's cache folder: .NET's Environment.SpecialFolder.LocalApplicationData + .librarymanager/cache
 * (Microsoft.Web.LibraryManager's CacheService.CacheFolder). The build passes the folder MSBuild computes;
 * this default is the same folder for runs by hand.
 */
function defaultCacheFolder() {
  const home = os.homedir();
  let localAppData;
  if (process.platform === 'win32') localAppData = process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  else if (process.platform === 'darwin') localAppData = path.join(home, 'Library', 'Application Support');
  else {
    const xdg = process.env.XDG_DATA_HOME;
    localAppData = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
  }
  return path.join(localAppData, '.librarymanager', 'cache');
}

function parseArgs(argv) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const args = { manifest: path.resolve(here, '..', '..', 'libman.json'), cache: null, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') args.force = true;
    else if (arg === '--manifest' && argv[i + 1]) args.manifest = path.resolve(argv[++i]);
    else if (arg === '--cache' && argv[i + 1]) args.cache = path.resolve(argv[++i]);
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node fill.mjs [--manifest <libman.json>] [--cache <LibMan cache folder>] [--force]\n');
      process.exit(0);
    } else throw new FillError(`unknown argument "${arg}" (try --help)`);
  }
  args.cache ??= defaultCacheFolder();
  return args;
}

// ------------------------------------------------------------------ manifest

function readManifest(file) {
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FillError(`cannot read ${file}: ${err.message}`);
  }
  if (!Array.isArray(json.libraries)) throw new FillError(`${file} has no "libraries" array`);
  return json;
}

/** { id, provider, name, version } for a library this script fills, or { id, skip: reason } for one LibMan fetches itself. */
function describe(entry, manifest) {
  const id = entry.library;
  if (typeof id !== 'string' || !id) throw new FillError('a library entry has no "library"');
  const provider = entry.provider ?? manifest.defaultProvider;
  if (!PROVIDERS.has(provider)) return { id, skip: `provider "${provider}" is not an npm CDN` };
  const at = id.lastIndexOf('@');
  if (at <= 0) throw new FillError(`${id}: expected "<name>@<version>"`);
  const name = id.slice(0, at);
  const version = id.slice(at + 1);
  if (provider === 'jsdelivr' && name.startsWith('gh/')) return { id, skip: 'a GitHub library, not an npm package' };
  if (!EXACT_VERSION.test(version)) return { id, skip: `"${version}" is not an exact version` };
  return { id, provider, name, version };
}

// ------------------------------------------------------------------ LibMan's cache layout

function libraryPaths(cache, lib) {
  const base = path.join(cache, lib.provider, ...lib.name.split('/'));
  return { filesDir: path.join(base, lib.version), fileList: path.join(base, `${lib.version}-filelist.json`) };
}

/** The file list in the shape of the provider's API (the fields LibMan reads: unpkg `path`, jsdelivr `name`). */
function fileListJson(lib, files) {
  if (lib.provider === 'unpkg') {
    // unpkg.com/<name>@<version>/?meta
    return { package: lib.name, version: lib.version, prefix: '/', files: files.map((f) => ({ path: `/${f.rel}`, size: f.size })) };
  }
  // data.jsdelivr.com/v1/package/npm/<name>@<version>/flat
  return { default: null, files: files.map((f) => ({ name: `/${f.rel}`, size: f.size })) };
}

/** Number of files when the cache holds the file list and every file it names; otherwise null. */
function cachedFileCount(cache, lib) {
  const { filesDir, fileList } = libraryPaths(cache, lib);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(fileList, 'utf8'));
  } catch {
    return null;
  }
  const names = (Array.isArray(json.files) ? json.files : []).map((f) => f?.path ?? f?.name).filter((p) => typeof p === 'string');
  if (names.length === 0) return null;
  for (const name of names) {
    if (!fs.existsSync(path.join(filesDir, ...name.replace(/^\/+/, '').split('/')))) return null;
  }
  return names.length;
}

// ------------------------------------------------------------------ npm registry

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32', // npm is npm.cmd there
    ...options,
  });
  if (result.error?.code === 'ENOENT') {
    throw new FillError(`"${command}" was not found on PATH: install Node.js 18 or later with npm, and tar`);
  }
  if (result.error) throw new FillError(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    const detail = (result.stderr || result.stdout || '').trim().split('\n').filter((l) => !/Unknown user config/.test(l));
    throw new FillError(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${detail.slice(-15).join('\n')}`);
  }
  return result.stdout;
}

/** The registry's sha512 integrity for the package version (its packument's dist.integrity). */
function registryIntegrity(spec) {
  let value;
  try {
    value = JSON.parse(run('npm', ['view', spec, 'dist.integrity', '--json']) || 'null');
  } catch (err) {
    if (err instanceof FillError) throw err;
    throw new FillError(`npm view ${spec} dist.integrity: unexpected output`);
  }
  const sha512 = typeof value === 'string' ? value.split(/\s+/).find((v) => v.startsWith('sha512-')) : undefined;
  if (!sha512) throw new FillError(`${spec}: the registry gives no sha512 integrity (dist.integrity: ${JSON.stringify(value)})`);
  return sha512;
}

function sha512(file) {
  return `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

/** The package tarball from the registry, checked against the registry's integrity. Returns its path. */
function fetchTarball(lib, workDir) {
  const spec = `${lib.name}@${lib.version}`;
  const expected = registryIntegrity(spec);
  const packDir = fs.mkdtempSync(path.join(workDir, 'pack-'));
  const out = run('npm', ['pack', spec, '--json', '--pack-destination', packDir], { cwd: packDir });
  let info;
  try {
    info = JSON.parse(out)[0];
  } catch {
    throw new FillError(`npm pack ${spec}: unexpected output:\n${out.slice(0, 2000)}`);
  }
  if (info.name !== lib.name || info.version !== lib.version) {
    throw new FillError(`npm pack ${spec} returned ${info.name}@${info.version}`);
  }
  const tarball = path.join(packDir, info.filename);
  const actual = sha512(tarball);
  if (actual !== expected) {
    throw new FillError(`${spec}: the tarball's integrity ${actual} is not the registry's ${expected}; nothing was cached`);
  }
  return { tarball, integrity: actual };
}

/** Extracts the tarball; returns the package folder and its files ({ rel, abs, size }, '/' paths, sorted). */
function extract(tarball, workDir) {
  const dir = fs.mkdtempSync(path.join(workDir, 'x-'));
  run('tar', ['-xzf', tarball, '--no-same-owner', '-C', dir]);
  // npm tarballs hold one top-level folder, almost always "package/".
  const top = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  if (top.length !== 1) throw new FillError(`${tarball}: expected one top-level folder in the tarball`);
  const root = path.join(dir, top[0].name);
  const files = [];
  (function walk(abs, rel) {
    for (const dirent of fs.readdirSync(abs, { withFileTypes: true })) {
      const childAbs = path.join(abs, dirent.name);
      const childRel = rel ? `${rel}/${dirent.name}` : dirent.name;
      if (dirent.isDirectory()) walk(childAbs, childRel);
      else if (dirent.isFile()) files.push({ rel: childRel, abs: childAbs, size: fs.statSync(childAbs).size });
    }
  })(root, '');
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

function writeAtomic(target, write) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  write(tmp);
  fs.renameSync(tmp, target);
}

// ------------------------------------------------------------------ main

function fill(lib, cache, workDir) {
  const { tarball, integrity } = fetchTarball(lib, workDir);
  const files = extract(tarball, workDir);
  const { filesDir, fileList } = libraryPaths(cache, lib);
  for (const file of files) writeAtomic(path.join(filesDir, ...file.rel.split('/')), (tmp) => fs.copyFileSync(file.abs, tmp));
  // The file list last: until it is there, neither LibMan nor this script takes the library as cached.
  writeAtomic(fileList, (tmp) => fs.writeFileSync(tmp, `${JSON.stringify(fileListJson(lib, files))}\n`));
  log(`${lib.id}: ${files.length} files into LibMan's cache from the npm tarball (${integrity})`);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const manifest = readManifest(args.manifest);
  const libraries = manifest.libraries.map((entry) => describe(entry, manifest));
  let workDir = null;
  let failed = 0;
  try {
    for (const lib of libraries) {
      if (lib.skip) {
        log(`${lib.id}: left to LibMan (${lib.skip})`);
        continue;
      }
      const count = args.force ? null : cachedFileCount(args.cache, lib);
      if (count !== null) {
        log(`${lib.id}: already in LibMan's cache (${count} files)`);
        continue;
      }
      workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'libman-cache-'));
      try {
        fill(lib, args.cache, workDir);
      } catch (err) {
        // One library's failure does not keep the others out of the cache.
        if (!(err instanceof FillError)) throw err;
        process.stderr.write(`libman-cache: error: ${err.message}\n`);
        failed++;
      }
    }
  } finally {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (failed > 0) process.exit(1);
}

try {
  main();
} catch (err) {
  if (!(err instanceof FillError)) throw err;
  process.stderr.write(`libman-cache: error: ${err.message}\n`);
  process.exit(1);
}

#!/usr/bin/env node
// `npm start`'s first step: builds the browser app (vite build) and the server bundle
// (server/bundle.ts) only when one of their inputs changed since the last build, so a
// second start with nothing changed goes straight to `node dist/server/main.js`.
// Inputs are compared by path, size and modification time (no file is read), against
// the stamp the last successful build left in dist/. Plain JavaScript: it runs before
// anything is built, and tsx would cost ~0.5 s of its own to start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the two builds read: the sources, and what decides which packages and settings they use. */
const INPUTS = ['client', 'server', 'shared', 'fixtures', 'package.json', 'package-lock.json', 'tsconfig.json', 'vite.config.ts'];
/** Left by the last successful build; the outputs it vouches for must exist too. */
const STAMP = join(ROOT, 'dist/.build-stamp');
const OUTPUTS = [join(ROOT, 'dist/client/index.html'), join(ROOT, 'dist/server/main.js')];

/** Every file under `path`, depth first, in a stable order. */
function* files(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) {
    yield [path, stat];
    return;
  }
  for (const name of readdirSync(path).sort()) yield* files(join(path, name));
}

/** A hash of every input file's path, size and modification time. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const [path, stat] of files(join(ROOT, input))) hash.update(`${relative(ROOT, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hash = inputsHash();
const upToDate = existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && OUTPUTS.every((output) => existsSync(output));
if (upToDate) {
  console.log('Nothing changed since the last build: starting the server as built.');
} else {
  const bin = (name) => join(ROOT, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  run(bin('vite'), ['build']);
  run(bin('tsx'), ['server/bundle.ts']);
  writeFileSync(STAMP, hash);
}

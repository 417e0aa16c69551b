/**
 * The reference y-websocket server (`y-websocket@1.5`'s `bin/server.js`, with its
 * optional LevelDB persistence), installed on demand for `npm run bench:sync` only
 * into a cache folder of its own. Plenary's own install stays free of it: its
 * `leveldown` is a native module with an install script, and the browser app uses
 * the client-only `y-websocket@3`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the reference server is installed: under node_modules, so a clean clone or `npm ci` starts afresh. */
export const REFERENCE_DIR = join(ROOT, 'node_modules/.cache/plenary-bench-reference');

/**
 * The reference's packages, pinned: the server the earlier rounds of
 * docs/performance.md were measured against, and the Yjs Plenary itself runs.
 */
function referencePackage(): Record<string, unknown> {
  const yjs = (JSON.parse(readFileSync(join(ROOT, 'node_modules/yjs/package.json'), 'utf8')) as { version: string }).version;
  return {
    name: 'plenary-bench-reference',
    private: true,
    description: 'The reference y-websocket server for npm run bench:sync (bench/sync/reference.ts).',
    dependencies: { 'y-websocket': '1.5.4', 'y-leveldb': '0.1.2', yjs },
    allowScripts: { leveldown: true },
  };
}

/** The reference server's entry point (present once `ensureReference` has run). */
export function referenceServerPath(): string {
  return join(REFERENCE_DIR, 'node_modules/y-websocket/bin/server.js');
}

/**
 * Installs the reference server into `REFERENCE_DIR` unless the same packages are
 * already there (a minute the first time: leveldown builds or downloads its
 * binary). Throws with npm's output when the install fails.
 */
export function ensureReference(): void {
  const wanted = `${JSON.stringify(referencePackage(), null, 2)}\n`;
  const manifest = join(REFERENCE_DIR, 'package.json');
  if (existsSync(referenceServerPath()) && existsSync(manifest) && readFileSync(manifest, 'utf8') === wanted) return;
  mkdirSync(REFERENCE_DIR, { recursive: true });
  writeFileSync(manifest, wanted);
  console.log(`Installing the reference y-websocket server (with LevelDB) into ${REFERENCE_DIR} ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: REFERENCE_DIR, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not install the reference server: ${result.stderr || result.stdout || result.error?.message}`);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deferPackages } from '../server/bundle';

/**
 * `deferPackages` (server/bundle.ts): a package another package requires as it
 * loads, but calls only on some requests, is loaded by the bundle on the first
 * call instead of at start. Checked on a small package tree of its own: a
 * library that requires `parser` at its top, as @fastify/rate-limit requires
 * ip-address.
 */
let root: string;

/** Writes `files` (path -> text) under `root`. */
function tree(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Bundles `entry` (under `root`) into `root/dist/out.cjs` with the stand-ins; returns esbuild's errors. */
async function bundle(entry: string, packages: Record<string, readonly string[]>): Promise<string[]> {
  try {
    await build({
      entryPoints: [join(root, entry)],
      outfile: join(root, 'dist/out.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
      plugins: [deferPackages(packages)],
    });
    return [];
  } catch (error) {
    return ((error as { errors?: { text: string }[] }).errors ?? []).map((e) => e.text);
  }
}

/** Runs the bundle in a fresh Node and reports whether `parser` was loaded before and after `library.normalize` was first called. */
function runBundle(): { loadedAtStart: boolean; answer: string; loadedAfterCall: boolean } {
  const script = `
    const loaded = () => Object.keys(require.cache).some((file) => file.includes('node_modules/parser'));
    const library = require(${JSON.stringify(join(root, 'dist/out.cjs'))});
    const loadedAtStart = loaded();
    const answer = library.normalize('  MiXeD ');
    console.log(JSON.stringify({ loadedAtStart, answer, loadedAfterCall: loaded() }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as ReturnType<typeof runBundle>;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'plenary-defer-'));
  tree({
    'node_modules/parser/package.json': '{"name":"parser","version":"1.0.0","main":"index.js"}',
    'node_modules/parser/index.js': `
      class Parser { constructor(text) { this.text = text.trim(); } lower() { return this.text.toLowerCase(); } }
      exports.Parser = Parser;
      exports.shout = (text) => text.toUpperCase() + '!';`,
    'node_modules/library/package.json': '{"name":"library","version":"1.0.0","main":"index.js"}',
    'node_modules/library/index.js': `
      const { Parser, shout } = require('parser');
      exports.normalize = (text) => shout(new Parser(text).lower());`,
    'entry.js': "module.exports = require('library');",
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('packages deferred in the bundle', () => {
  it('loads a deferred package on its first call, and its classes and functions work through the stand-in', async () => {
    expect(await bundle('entry.js', { parser: ['Parser', 'shout'] })).toEqual([]);
    expect(runBundle()).toEqual({ loadedAtStart: false, answer: 'MIXED!', loadedAfterCall: true });
  });

  it('bundles the package as usual when it is not deferred (so the check above can tell)', async () => {
    expect(await bundle('entry.js', {})).toEqual([]);
    // Bundled in, the package is not a file Node loads at all.
    expect(runBundle()).toEqual({ loadedAtStart: false, answer: 'MIXED!', loadedAfterCall: false });
  });

  it('refuses to build when an importer has its own copy of the package, which a load from node_modules would not give it', async () => {
    tree({
      'node_modules/library/node_modules/parser/package.json': '{"name":"parser","version":"2.0.0","main":"index.js"}',
      'node_modules/library/node_modules/parser/index.js': 'exports.Parser = class {}; exports.shout = (t) => t;',
    });
    try {
      const errors = await bundle('entry.js', { parser: ['Parser', 'shout'] });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/node_modules\/library\/index\.js gets its own copy of "parser".*remove "parser" from DEFERRED_PACKAGES/);
    } finally {
      rmSync(join(root, 'node_modules/library/node_modules'), { recursive: true, force: true });
    }
  });
});

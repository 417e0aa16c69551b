import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The build's own account of its chunks (`dist/client/.vite/manifest.json`,
 * written because vite.config.ts sets `build.manifest`): which file holds the
 * live editor, and which files the reader's entry loads before anything else.
 */

const CLIENT = fileURLToPath(new URL('../../dist/client/', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

type Manifest = Record<string, ManifestChunk>;

function readManifest(): Manifest {
  const path = `${CLIENT}.vite/manifest.json`;
  if (!existsSync(path)) throw new Error('dist/client/.vite/manifest.json is missing: run "npx vite build"');
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The files (`assets/...`) only a person who edits needs: the live editor's chunk and the live-redline worker. */
export function editorFiles(): string[] {
  const manifest = readManifest();
  const editor = manifest['editor/live-text.ts'];
  if (!editor) throw new Error('the manifest has no chunk for editor/live-text.ts');
  const workers = readdirSync(`${CLIENT}assets`).filter((name) => /^live-worker-.*\.js$/.test(name)).map((name) => `assets/${name}`);
  if (workers.length === 0) throw new Error('the build has no live-redline worker');
  return [editor.file, ...workers];
}

/** The files the page loads up front: the entry chunk and every chunk it imports statically. */
export function entryFiles(): string[] {
  const manifest = readManifest();
  const entry = manifest['index.html'];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit('index.html');
  if (!entry) throw new Error('the manifest has no entry for index.html');
  return [...seen];
}

/** A built file's bytes. */
export function builtFile(file: string): Buffer {
  return readFileSync(`${CLIENT}${file}`);
}

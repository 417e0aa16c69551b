/**
 * Typesets the convention packet in a worker thread of its own, one per job,
 * which ends with the job. The PDF and Word typesetters, their fonts and every
 * page they build live and die there: the server's thread keeps serving
 * delegates while the packet is set, and its memory comes back once the file is
 * done (typeset in the server's thread, ~40 MB of it stayed). The thread gets
 * the packet as read (`PacketInput`, plain data) and posts back its progress,
 * then the file.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { PacketFormat } from './names';
import type { PacketInput, Progress } from './packet-input';

/** What the worker is given. */
export interface PacketRequest {
  input: PacketInput;
  format: PacketFormat;
}

/** What the worker posts: its progress (0 to 1), then the file. */
export type PacketMessage = { type: 'progress'; fraction: number; message: string } | { type: 'done'; bytes: Uint8Array };

/** A packet's worker may use this much heap (MB) before it is stopped, failing its job rather than the server. */
const WORKER_HEAP_MB = 1024;

/**
 * The worker's script and its `workerData`: from the sources, `packet-worker.ts`
 * through `worker-boot.mjs` (which registers tsx); bundled, `packet-worker.js` at
 * the bundle's root (`server/bundle.ts`), beside this chunk or one folder up.
 */
function workerScript(): { script: URL; module?: string } {
  if (import.meta.url.endsWith('.ts')) return { script: new URL('../worker-boot.mjs', import.meta.url), module: new URL('./packet-worker.ts', import.meta.url).href };
  const beside = new URL('./packet-worker.js', import.meta.url);
  return { script: existsSync(beside) ? beside : new URL('../packet-worker.js', import.meta.url) };
}

/** The packet's file, typeset in a new worker thread; rejects when the worker fails or stops before it is done. */
export function typesetPacket(input: PacketInput, format: PacketFormat, progress: Progress = () => {}): Promise<Uint8Array> {
  const { script, module } = workerScript();
  const request: PacketRequest = { input, format };
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { module, request }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let file: Uint8Array | null = null;
    worker.on('message', (message: PacketMessage) => {
      if (message.type === 'progress') progress(message.fraction, message.message);
      else file = message.bytes;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (file) resolve(file);
      else reject(new Error(`the packet's worker thread stopped (exit code ${code}) before its file was done`));
    });
  });
}

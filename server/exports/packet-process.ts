/**
 * Typesets the convention packet in a Node process of its own, one per job,
 * which ends with the job. The PDF and Word typesetters, their fonts, the code
 * compiled for them and every page they build live and die there: the server
 * keeps serving delegates while the packet is set, its memory is as it was once
 * the file is done (typeset in a worker thread, the pages of code and the heap
 * the typesetters had touched stayed with the server: ~20 MB after three
 * packets; in the server's own thread ~40 MB), and a typesetter that fails
 * fails its job, not the server. The process gets the packet as read
 * (`PacketInput`, plain data) and sends back its progress, then the file.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PacketFormat } from './names';
import type { PacketInput, Progress } from './packet-input';

/** What the typesetting process is given. */
export interface PacketRequest {
  input: PacketInput;
  format: PacketFormat;
}

/** What the process sends: its progress (0 to 1), then the file, or why it could not make it. */
export type PacketMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'failed'; message: string };

/** A packet's process may use this much heap (MB) before it is stopped, failing its job rather than the server. */
const PROCESS_HEAP_MB = 1024;

/**
 * The process's script: from the sources, `packet-worker.ts` under tsx; bundled,
 * `packet-worker.js` at the bundle's root (`server/bundle.ts`), beside this chunk
 * or one folder up.
 */
function processScript(): { script: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.ts')) return { script: fileURLToPath(new URL('./packet-worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  const beside = new URL('./packet-worker.js', import.meta.url);
  return { script: fileURLToPath(existsSync(beside) ? beside : new URL('../packet-worker.js', import.meta.url)), execArgv: [] };
}

/** The packet's file, typeset in a new process; rejects when the process fails or stops before it is done. */
export function typesetPacket(input: PacketInput, format: PacketFormat, progress: Progress = () => {}): Promise<Uint8Array> {
  const { script, execArgv } = processScript();
  const request: PacketRequest = { input, format };
  return new Promise((resolve, reject) => {
    // Its own flags, not the server's (a test runner's loader, a profiler); 'advanced' carries the file's bytes as they are.
    const child = fork(script, [], {
      execArgv: [...execArgv, `--max-old-space-size=${PROCESS_HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let file: Uint8Array | null = null;
    let failure: string | null = null;
    child.on('message', (message: PacketMessage) => {
      if (message.type === 'progress') progress(message.fraction, message.message);
      else if (message.type === 'done') file = message.bytes;
      else failure = message.message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (file) resolve(file);
      else reject(new Error(failure ?? `the packet's typesetting process stopped (${signal ?? `exit code ${code}`}) before its file was done`));
    });
    child.send(request);
  });
}

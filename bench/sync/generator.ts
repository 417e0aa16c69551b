/**
 * Runs the load generator (bench/sync/loadgen.ts) in its own process, so its
 * clients' work never shares a thread with what is measured.
 */
import { spawn } from 'node:child_process';
import type { LoadPlan, LoadResult } from './loadgen';
import { ROOT } from './servers';

/** How much of the generator's error output a failure quotes. */
const QUOTED_ERROR_CHARS = 2000;

/**
 * Drives `plan` and resolves with the generator's result. `onEvent` hears each
 * `EVENT name` line as it comes (`connected`, `start`, `end`), so the caller can
 * read a server's memory or CPU at that moment. Rejects, quoting the
 * generator's errors, when it exits without a result or with a failure code.
 */
export async function runLoadGenerator(plan: LoadPlan, onEvent: (event: string) => void = () => {}): Promise<LoadResult> {
  const generator = spawn(process.execPath, ['--import', 'tsx', 'bench/sync/loadgen.ts', JSON.stringify(plan)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let result: LoadResult | null = null;
  let pending = '';
  let errors = '';
  generator.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  generator.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith('EVENT ')) onEvent(line.slice('EVENT '.length));
      else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as LoadResult;
    }
  });
  const code = await new Promise<number | null>((resolve) => generator.once('exit', resolve));
  if (!result || code !== 0) throw new Error(`load generator failed (exit ${code}): ${errors.slice(-QUOTED_ERROR_CHARS)}`);
  return result;
}

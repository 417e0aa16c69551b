import type { Reporter, TestModule } from 'vitest/node';

/** How many of the slowest test files to list after a run. */
const SLOWEST_SHOWN = 10;

/**
 * A Vitest reporter that, after the run, prints the slowest test files (their
 * own duration, setup included), so a file that starts to dominate `npm test`
 * is seen. Runs beside the default reporter; a default export, as Vitest loads
 * reporters named by path.
 */
export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const timed = modules
      .map((module) => ({ file: module.relativeModuleId, ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST_SHOWN);
    if (timed.length === 0) return;
    const lines = timed.map(({ file, ms }) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}`);
    process.stdout.write(`\nSlowest ${timed.length} test files:\n${lines.join('\n')}\n`);
  }
}

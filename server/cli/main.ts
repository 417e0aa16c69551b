/**
 * The `plenary` command line (bin/plenary.js loads this file through tsx).
 * Every failure ends in one line on standard error and a non-zero exit code;
 * set PLENARY_DEBUG=1 to see the stack trace of an unexpected error.
 */
import { CommanderError } from 'commander';
import { CliError } from './errors';
import { buildProgram } from './program';

/** Runs the command line on `argv` (as `process.argv`) and returns the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander has already printed its message
    if (error instanceof CliError) {
      process.stderr.write(`plenary: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`plenary: ${message}\n`);
    if (process.env.PLENARY_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

process.exitCode = await runCli(process.argv);

import { Command } from 'commander';
import { exportCommand } from './export';
import { redlineCommand } from './redline';
import { auditCommand } from './audit';
import { importCommand } from './import';
import { migrateCommand } from './migrate';

/**
 * Every command of `plenary`. Adding a command is one file under server/cli/
 * that exports a function returning a commander `Command`, and one line here.
 */
const COMMANDS: readonly (() => Command)[] = [redlineCommand, auditCommand, exportCommand, importCommand, migrateCommand];

/**
 * Builds the `plenary` program with all its commands. Commander's own errors
 * (unknown option, missing argument) and `--help` throw a `CommanderError`
 * instead of exiting, so that `runCli` decides the exit code.
 */
export function buildProgram(): Command {
  const program = new Command('plenary')
    .description('Plenary: convention resolutions and amendments from the command line.')
    .version('0.1.0', '-V, --version')
    .showSuggestionAfterError()
    .exitOverride();
  for (const make of COMMANDS) program.addCommand(make().exitOverride());
  return program;
}

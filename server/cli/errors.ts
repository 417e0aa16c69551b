/**
 * An error the command line reports as one line (`plenary: ...`) with a
 * non-zero exit code and no stack trace: a missing file, a bad option. Throw it
 * from a command's action; `main.ts` prints it.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

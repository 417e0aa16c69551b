/**
 * `plenary import FILE`: brings a Word, Markdown, plain-text or HTML file into
 * a running Plenary server as a new draft, exactly as "Import a text" in the
 * browser does (POST /api/documents/import).
 *
 * Who it is: the server's session token (`--token`, or PLENARY_TOKEN), got by
 * signing in (POST /api/auth/login). The draft belongs to that user's caucus,
 * or with `--kind consensus` to their committee; `--caucus ID` chooses one
 * when they belong to several. It never opens a data folder directly: a draft
 * is a live text, and only the server may start one.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { CliError } from './errors';

/** Where the command looks for a server when `--server` is not given (the README's `npm start`). */
const DEFAULT_SERVER = 'http://localhost:3000';

interface ImportOptions {
  server: string;
  token?: string;
  kind: string;
  title?: string;
  caucus?: string;
  json?: boolean;
}

interface Imported {
  id: string;
  title: string;
  kind: string;
  caucusName: string | null;
  warnings: string[];
}

async function importFile(file: string, options: ImportOptions): Promise<void> {
  const token = options.token ?? process.env.PLENARY_TOKEN;
  if (!token) throw new CliError('plenary import needs --token TOKEN (or PLENARY_TOKEN): sign in with POST /api/auth/login to get one');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const form = new FormData();
  form.append('kind', options.kind);
  if (options.title) form.append('title', options.title);
  if (options.caucus) form.append('caucusId', options.caucus);
  form.append('file', new Blob([new Uint8Array(bytes)]), basename(file));
  let response: Response;
  try {
    response = await fetch(new URL('/api/documents/import', options.server), { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new CliError(`cannot reach ${options.server}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as (Imported & { error?: { message?: string } }) | null;
  if (!response.ok) throw new CliError(`${basename(file)}: ${body?.error?.message ?? `${response.status} ${response.statusText}`}`);
  if (!body) throw new CliError(`${options.server} answered without a body`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  process.stdout.write(`Imported “${body.title}” as a ${body.kind} draft${body.caucusName ? ` of ${body.caucusName}` : ''}: ${new URL(`/#/documents/${body.id}`, options.server).href}\n`);
  for (const warning of body.warnings) process.stderr.write(`note: ${warning}\n`);
}

/** The `import` command. */
export function importCommand(): Command {
  return new Command('import')
    .description('Import a .docx, .md, .txt or .html file into a running server as a new draft (title, headings, clauses, lists, bold and italic kept)')
    .argument('<file>', 'the file to import')
    .addOption(new Option('--kind <kind>', 'resolution (your caucus) or consensus (your committee)').choices(['resolution', 'consensus']).default('resolution'))
    .addOption(new Option('--title <title>', "the draft's title (default: the file's own title, else its name)"))
    .addOption(new Option('--caucus <id>', 'the caucus or committee the draft belongs to, when you are in several'))
    .addOption(new Option('--server <url>', 'the Plenary server').default(DEFAULT_SERVER))
    .addOption(new Option('--token <token>', "your session token (or set PLENARY_TOKEN); the draft is that user's caucus's"))
    .addOption(new Option('--json', 'print the server\'s answer (the new draft and its warnings) as JSON'))
    .addHelpText(
      'after',
      `
Who you are: the server knows you by your session token. Get one by signing in,
  curl -s -X POST ${DEFAULT_SERVER}/api/auth/login -H 'content-type: application/json' \\
       -d '{"email":"drafter@demo.test","password":"demo"}'
and pass its "token" as --token or PLENARY_TOKEN. The draft is private to your
caucus (or committee, with --kind consensus), as one started in the browser.
What the file held that a Plenary text does not (comments, images, fields) is
listed on standard error as "note: ...".`,
    )
    .action(async (file: string, options: ImportOptions) => importFile(file, options));
}

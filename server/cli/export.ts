/**
 * `plenary export ...`: staff exports from the command line, from a running
 * server (`--server URL --token T`, with the permissions of that token's user)
 * or straight from a data folder (`--data DIR`, opened read-only; whoever can
 * read the folder can read everything in it).
 *
 *   plenary export text CODE [--version N] [-f pdf|docx|html|md] [-o FILE]
 *   plenary export redline CODE [-f pdf|docx|html|md] [-o FILE]
 *   plenary export finals [-f pdf|docx|html|md] [--out-dir DIR]
 *   plenary export packet [-f pdf|docx] [-o FILE] [--quiet]
 *   plenary export tallies [-f csv|json] [-o FILE]
 *   plenary export openslides [-o FILE]
 *
 * The files are the ones the browser downloads: the same renderers write them.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { DocumentSummary } from '../../shared/api';
import type { Db } from '../db';
import { sqliteStorage } from '../storage';
import type { DocumentRecord } from '../documents/store';
import { MEDIA_TYPES, PACKET_FORMATS, TEXT_FORMATS, exportFileName, type PacketFormat, type TextFormat } from '../exports/names';
import { openSlidesCsv, openSlidesMotions } from '../exports/openslides';
import { collectPacket, renderPacketDocx, renderPacketPdf, type Progress } from '../exports/packet';
import { redlineExport, renderPiece, textExport, type NamedPiece } from '../exports/render';
import { databaseSource, openDataFolder, type ExportSource } from '../exports/source';
import { conventionTally, talliesCsv } from '../exports/tallies';
import { CliError } from './errors';
import { writeOutput } from './redline';

/** How often the command line asks a server how far a job is. */
const POLL_INTERVAL_MS = 300;
/** How long it waits for a job before giving up (a packet of a large convention takes a minute or two). */
const JOB_TIMEOUT_MS = 30 * 60 * 1000;

/** Where the export reads from. */
interface ConnectionOptions {
  server?: string;
  token?: string;
  data?: string;
}

type Connection = { kind: 'server'; client: ServerClient } | { kind: 'data'; source: ExportSource; db: Db };

/** A small client of a Plenary server's HTTP API, with the staff member's token. */
class ServerClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base), { ...init, headers: { authorization: `Bearer ${this.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
    } catch (error) {
      throw new CliError(`cannot reach ${this.base}: ${(error as Error).message}`);
    }
    if (response.ok) return response;
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new CliError(`${path}: ${message}`);
  }

  async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  async bytes(path: string): Promise<Uint8Array> {
    return (await this.download(path)).bytes;
  }

  /** A file and the name the server gives it (made safe again: a server's header is input too). */
  async download(path: string): Promise<{ bytes: Uint8Array; fileName: string | null }> {
    const response = await this.request(path);
    const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
    const fileName = named ? exportFileName(named.replace(/\.[a-z0-9]+$/, ''), /\.([a-z0-9]+)$/.exec(named)?.[1] ?? 'bin') : null;
    return { bytes: new Uint8Array(await response.arrayBuffer()), fileName };
  }

  /** The document with this code (or id), as the token's user sees it. */
  async document(code: string): Promise<DocumentSummary> {
    const documents = await this.json<DocumentSummary[]>('/api/documents');
    const doc = documents.find((d) => d.code === code) ?? documents.find((d) => d.id === code);
    if (!doc) throw new CliError(`no document ${code} (or you may not read it)`);
    return doc;
  }
}

function connect(options: ConnectionOptions): Connection {
  if (options.server && options.data) throw new CliError('give either --server or --data, not both');
  if (options.data) {
    let db: Db;
    try {
      db = openDataFolder(options.data);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    return { kind: 'data', source: databaseSource(sqliteStorage(db)), db };
  }
  if (!options.server) throw new CliError('say where to export from: --server URL --token TOKEN, or --data DIR');
  let url: URL;
  try {
    url = new URL(options.server);
  } catch {
    throw new CliError(`--server must be a URL like http://localhost:3000, got "${options.server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('--server must be an http:// or https:// URL');
  const token = options.token ?? process.env.PLENARY_TOKEN;
  if (!token) throw new CliError('--server needs --token TOKEN (or PLENARY_TOKEN); sign in with POST /api/auth/login to get one');
  return { kind: 'server', client: new ServerClient(url.toString(), token) };
}

/** Runs `work` with a connection and closes it afterwards. */
async function withConnection<T>(options: ConnectionOptions, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = connect(options);
  try {
    return await work(connection);
  } finally {
    if (connection.kind === 'data') connection.db.close();
  }
}

async function documentByCode(source: ExportSource, code: string): Promise<DocumentRecord> {
  const doc = (await source.documents()).find((d) => d.code === code) ?? (await source.document(code));
  if (!doc) throw new CliError(`no document ${code} in this data folder`);
  return doc;
}

/** Runs a data-folder export, turning the server's API errors (no such version ...) into one-line messages. */
async function local<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && error.name === 'ApiError') throw new CliError(error.message);
    throw error;
  }
}

function textFormat(value: string | undefined, fallback: TextFormat): TextFormat {
  const format = value ?? fallback;
  if (!(TEXT_FORMATS as readonly string[]).includes(format)) throw new CliError(`unknown format "${format}"; use one of ${TEXT_FORMATS.join(', ')}`);
  return format as TextFormat;
}

/** Progress on standard error: a bar redrawn in place on a terminal, a line every tenth otherwise. */
export function progressPrinter(quiet: boolean): Progress & { end(): void } {
  let lastTenth = -1;
  const tty = process.stderr.isTTY === true;
  const print = (fraction: number, message: string) => {
    if (quiet) return;
    const percent = Math.round(fraction * 100);
    if (tty) {
      const filled = Math.round(fraction * 30);
      process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${String(percent).padStart(3)}% ${message.slice(0, 40).padEnd(40)}`);
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${String(percent).padStart(3)}% ${message}\n`);
    }
  };
  return Object.assign(print, { end: () => !quiet && tty && process.stderr.write('\n') });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface FileOptions extends ConnectionOptions {
  format?: string;
  output?: string;
}

async function runText(code: string, options: FileOptions & { version?: string }): Promise<void> {
  const format = textFormat(options.format, 'pdf');
  const version = options.version === undefined ? undefined : Number(options.version);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new CliError(`--version must be a whole number from 1, got "${options.version}"`);
  const written = await withConnection(options, async (connection) => {
    if (connection.kind === 'server') {
      const doc = await connection.client.document(code);
      return connection.client.bytes(`/api/documents/${doc.id}/export.${format}${version ? `?version=${version}` : ''}`);
    }
    return local(async () => renderPiece((await textExport(connection.source, await documentByCode(connection.source, code), version)).piece, format));
  });
  await writeOutput(written, options.output, format === 'pdf' || format === 'docx');
}

async function runRedline(code: string, options: FileOptions): Promise<void> {
  const format = textFormat(options.format, 'pdf');
  const written = await withConnection(options, async (connection) => {
    if (connection.kind === 'server') {
      const doc = await connection.client.document(code);
      return connection.client.bytes(`/api/documents/${doc.id}/redline.${format}`);
    }
    return local(async () => renderPiece((await redlineExport(connection.source, await documentByCode(connection.source, code))).piece, format));
  });
  await writeOutput(written, options.output, format === 'pdf' || format === 'docx');
}

async function runFinals(options: ConnectionOptions & { format?: string; outDir: string }): Promise<void> {
  const format = textFormat(options.format, 'pdf');
  await mkdir(options.outDir, { recursive: true });
  const written = await withConnection(options, async (connection) => {
    const files: string[] = [];
    if (connection.kind === 'server') {
      for (const doc of (await connection.client.json<DocumentSummary[]>('/api/documents')).filter((d) => d.status === 'final')) {
        const { bytes, fileName } = await connection.client.download(`/api/documents/${doc.id}/export.${format}`);
        const file = join(options.outDir, fileName ?? exportFileName(`${doc.code ?? doc.id}-final`, format));
        await writeOutput(bytes, file, true);
        files.push(file);
      }
      return files;
    }
    for (const doc of (await connection.source.documents()).filter((d) => d.status === 'final')) {
      const named: NamedPiece = await local(() => textExport(connection.source, doc));
      const file = join(options.outDir, exportFileName(named.stem, format));
      await writeOutput(await renderPiece(named.piece, format), file, true);
      files.push(file);
    }
    return files;
  });
  process.stderr.write(written.length === 0 ? 'no text is final yet; nothing was written\n' : `wrote ${written.length} final text(s):\n${written.map((file) => `  ${file}\n`).join('')}`);
}

async function runPacket(options: FileOptions & { quiet?: boolean }): Promise<void> {
  const format = (options.format ?? 'pdf') as PacketFormat;
  if (!(PACKET_FORMATS as readonly string[]).includes(format)) throw new CliError(`the packet is written as ${PACKET_FORMATS.join(' or ')}, not "${format}"`);
  const progress = progressPrinter(options.quiet === true);
  const written = await withConnection(options, async (connection) => {
    if (connection.kind === 'data') {
      const packet = await collectPacket(connection.source, (fraction, message) => progress(fraction * 0.5, message));
      const render = format === 'pdf' ? renderPacketPdf : renderPacketDocx;
      return render(packet, (fraction, message) => progress(0.5 + fraction * 0.5, message));
    }
    const job = await connection.client.json<{ jobId: string }>('/api/exports/packet', { method: 'POST', body: JSON.stringify({ format }) });
    const started = Date.now();
    for (;;) {
      const state = await connection.client.json<{ status: string; progress: number; message: string; downloadUrl: string | null; error: string | null }>(`/api/exports/jobs/${job.jobId}`);
      progress(state.progress, state.message);
      if (state.status === 'done' && state.downloadUrl) return connection.client.bytes(state.downloadUrl);
      if (state.status === 'failed') throw new CliError(state.error ?? 'the export failed on the server');
      if (Date.now() - started > JOB_TIMEOUT_MS) throw new CliError(`the export did not finish in ${JOB_TIMEOUT_MS / 60_000} minutes`);
      await sleep(POLL_INTERVAL_MS);
    }
  });
  progress.end();
  await writeOutput(written, options.output, true);
}

async function runTallies(options: FileOptions): Promise<void> {
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new CliError(`tallies are written as csv or json, not "${format}"`);
  const written = await withConnection(options, async (connection) => {
    if (connection.kind === 'server') return connection.client.bytes(format === 'csv' ? '/api/tallies.csv' : '/api/tallies');
    const tally = await conventionTally(connection.source);
    return format === 'csv' ? talliesCsv(tally) : `${JSON.stringify(tally, null, 2)}\n`;
  });
  await writeOutput(written, options.output, false);
}

async function runOpenSlides(options: FileOptions): Promise<void> {
  const written = await withConnection(options, async (connection) =>
    connection.kind === 'server' ? connection.client.bytes('/api/exports/openslides.csv') : openSlidesCsv(await openSlidesMotions(connection.source)),
  );
  await writeOutput(written, options.output, false);
}

/** The options every export subcommand takes: where to read from, and where to write. */
function withCommonOptions(command: Command, formats: string, defaultFormat: string): Command {
  return command
    .addOption(new Option('--server <url>', 'a running Plenary server, e.g. http://localhost:3000'))
    .addOption(new Option('--token <token>', 'a staff session token for --server (or set PLENARY_TOKEN)'))
    .addOption(new Option('--data <dir>', 'read a data folder directly, read-only, instead of a server'))
    .addOption(new Option('-f, --format <format>', `${formats} (default ${defaultFormat})`))
    .addOption(new Option('-o, --output <file>', 'write to FILE instead of standard output'));
}

/** The `export` command and its subcommands. */
export function exportCommand(): Command {
  const command = new Command('export').description(`Export texts, redlines, final texts, the convention packet, tallies and the OpenSlides file (${Object.keys(MEDIA_TYPES).join(', ')}).`);
  command.addCommand(
    withCommonOptions(new Command('text').description('A text, clean and line-numbered: the current text (a final text: its final version), or --version N.').argument('<code>', 'the text, e.g. CR01'), 'pdf, docx, html or md', 'pdf')
      .addOption(new Option('--version <n>', 'a published version'))
      .action(runText),
  );
  command.addCommand(
    withCommonOptions(new Command('redline').description("An amendment's redline against its base: struck and inserted text, instructions; DOCX with Word tracked changes.").argument('<code>', 'the amendment, e.g. CR01-A03'), 'pdf, docx, html or md', 'pdf').action(runRedline),
  );
  command.addCommand(
    withCommonOptions(new Command('finals').description('Every final text, one file each, into --out-dir.'), 'pdf, docx, html or md', 'pdf')
      .addOption(new Option('--out-dir <dir>', 'the folder to write into').default('.'))
      .action(runFinals),
  );
  command.addCommand(
    withCommonOptions(new Command('packet').description('The convention packet: contents, every submitted text, amendments with instructions and redlines, tallies. Shows progress.'), 'pdf or docx', 'pdf')
      .addOption(new Option('-q, --quiet', 'no progress on standard error'))
      .action(runPacket),
  );
  command.addCommand(withCommonOptions(new Command('tallies').description('The signature tallies of every submitted text.'), 'csv or json', 'csv').action(runTallies));
  command.addCommand(withCommonOptions(new Command('openslides').description("The texts on the floor in OpenSlides' motion import format (CSV)."), 'csv', 'csv').action(runOpenSlides));
  for (const sub of command.commands) sub.exitOverride();
  return command;
}

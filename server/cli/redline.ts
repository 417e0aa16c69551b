/**
 * `plenary redline BASE AMENDED`: the line-numbered redline of two Markdown or
 * plain-text files, with the amendment instructions, as HTML, Markdown, JSON
 * (the JSON shape is a contract, see CONTRACTS.md), DOCX with Word tracked
 * changes, or PDF.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command, Option } from 'commander';
import { blocksFromMarkdown, titleOf, type TextBlock } from '../../shared/text';
import {
  DEFAULT_LINE_WIDTH,
  MAX_LINE_WIDTH,
  MIN_LINE_WIDTH,
  amendmentInstructions,
  buildRedline,
  redlineToJson,
  renderRedlineHtml,
  renderRedlineMarkdown,
  type Instruction,
  type Redline,
  type RedlineLayout,
} from '../../shared/redline';
import { renderDocx } from '../exports/docx';
import type { ExportPiece } from '../exports/model';
import { renderPdf } from '../exports/pdf';
import { CliError } from './errors';

/** What a redline format writer is given. */
export interface RedlineOutput {
  redline: Redline;
  instructions: Instruction[];
  title: string;
  layout: RedlineLayout;
  /** Who the tracked changes of a DOCX are by. */
  author: string;
}

/** The redline as an export piece, for the DOCX and PDF renderers shared with the server. */
function pieceOf({ redline, instructions, title, author }: RedlineOutput): ExportPiece {
  return { kind: 'redline', code: null, title, versionLabel: `${redline.width} characters per line`, redline, instructions, author, date: new Date().toISOString() };
}

/** The redline formats, by name. */
export const REDLINE_FORMATS: Record<string, (output: RedlineOutput) => string | Uint8Array | Promise<Uint8Array>> = {
  html: ({ redline, instructions, title, layout }) => renderRedlineHtml(redline, { standalone: true, title, instructions, layout }),
  md: ({ redline, instructions, title, layout }) => renderRedlineMarkdown(redline, { standalone: true, title, instructions, layout }),
  json: ({ redline, instructions }) => `${JSON.stringify(redlineToJson(redline, instructions), null, 2)}\n`,
  docx: (output) => renderDocx(pieceOf(output)),
  pdf: (output) => renderPdf(pieceOf(output)),
};

/** Formats that are bytes, not text: never printed to a terminal. */
export const BINARY_FORMATS = new Set(['docx', 'pdf']);

const FORMAT_BY_EXTENSION: Record<string, string> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.json': 'json', '.docx': 'docx', '.pdf': 'pdf' };

/** The format to write: the one asked for, else the one the output file's extension names, else Markdown. */
export function chooseFormat(format: string | undefined, output: string | undefined): string {
  const chosen = format ?? (output ? FORMAT_BY_EXTENSION[extname(output).toLowerCase()] : undefined) ?? 'md';
  if (chosen in REDLINE_FORMATS) return chosen;
  throw new CliError(`unknown format "${chosen}"; use one of ${Object.keys(REDLINE_FORMATS).join(', ')}`);
}

/**
 * Writes an export to `output`, or to standard output when none is given. A
 * binary format (DOCX, PDF) is not printed to a terminal: it asks for -o.
 */
export async function writeOutput(written: string | Uint8Array, output: string | undefined, binary: boolean): Promise<void> {
  if (!output) {
    if (binary && process.stdout.isTTY) throw new CliError('that format is binary; write it to a file with -o FILE (or redirect standard output)');
    process.stdout.write(written);
    return;
  }
  try {
    await writeFile(output, written);
  } catch (error) {
    throw new CliError(`cannot write ${output}: ${(error as Error).message}`);
  }
}

/** Reads the line width option: a whole number of characters within the accepted range. */
export function parseWidth(value: string): number {
  const width = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(width) || width < MIN_LINE_WIDTH || width > MAX_LINE_WIDTH) {
    throw new CliError(`--width must be a whole number from ${MIN_LINE_WIDTH} to ${MAX_LINE_WIDTH}, got "${value}"`);
  }
  return width;
}

/** Reads a Markdown or plain-text file into blocks; a missing or unreadable file is a one-line `CliError`. */
export async function readText(path: string): Promise<TextBlock[]> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
  return blocksFromMarkdown(source.replace(/^\uFEFF/, ''));
}

interface RedlineOptions {
  format?: string;
  width: string;
  output?: string;
  sideBySide?: boolean;
  author: string;
}

async function runRedline(basePath: string, amendedPath: string, options: RedlineOptions): Promise<void> {
  const format = chooseFormat(options.format, options.output);
  const width = parseWidth(options.width);
  const [base, amended] = await Promise.all([readText(basePath), readText(amendedPath)]);
  const redline = buildRedline(base, amended, width);
  const instructions = amendmentInstructions(redline.diff, redline.base);
  const named = titleOf(base) || titleOf(amended);
  const title = named ? `Redline: ${named}` : `Redline: ${basename(basePath)} → ${basename(amendedPath)}`;
  const written = await REDLINE_FORMATS[format]({ redline, instructions, title, layout: options.sideBySide ? 'side-by-side' : 'inline', author: options.author });
  await writeOutput(written, options.output, BINARY_FORMATS.has(format));
}

/** The `redline` command. */
export function redlineCommand(): Command {
  return new Command('redline')
    .description('Print the line-numbered redline of AMENDED against BASE (Markdown or plain-text files), with the amendment instructions.')
    .argument('<base>', 'the base text')
    .argument('<amended>', 'the amended text')
    .addOption(new Option('-f, --format <format>', 'html, md, json, docx (Word tracked changes) or pdf; default: from the -o extension, else md'))
    .addOption(new Option('-w, --width <n>', 'line width in characters').default(String(DEFAULT_LINE_WIDTH)))
    .addOption(new Option('-o, --output <file>', 'write to FILE instead of standard output'))
    .addOption(new Option('--side-by-side', 'html and md: base and amended text side by side instead of inline'))
    .addOption(new Option('--author <name>', 'docx: the author of the tracked changes').default('Plenary'))
    .action(runRedline);
}

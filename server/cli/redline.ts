/**
 * `plenary redline BASE AMENDED`: the line-numbered redline of two Markdown or
 * plain-text files, with the amendment instructions, as HTML, Markdown or JSON
 * (the JSON shape is a contract, see CONTRACTS.md).
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
import { CliError } from './errors';

/** What a redline format writer is given. */
export interface RedlineOutput {
  redline: Redline;
  instructions: Instruction[];
  title: string;
  layout: RedlineLayout;
}

/** The redline formats, by name. A new format (docx, pdf) is one entry here. */
export const REDLINE_FORMATS: Record<string, (output: RedlineOutput) => string | Uint8Array> = {
  html: ({ redline, instructions, title, layout }) => renderRedlineHtml(redline, { standalone: true, title, instructions, layout }),
  md: ({ redline, instructions, title, layout }) => renderRedlineMarkdown(redline, { standalone: true, title, instructions, layout }),
  json: ({ redline, instructions }) => `${JSON.stringify(redlineToJson(redline, instructions), null, 2)}\n`,
};

/** Formats the contract names that are not written yet. */
const PLANNED_FORMATS = ['docx', 'pdf'];

const FORMAT_BY_EXTENSION: Record<string, string> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.json': 'json', '.docx': 'docx', '.pdf': 'pdf' };

/** The format to write: the one asked for, else the one the output file's extension names, else Markdown. */
export function chooseFormat(format: string | undefined, output: string | undefined): string {
  const chosen = format ?? (output ? FORMAT_BY_EXTENSION[extname(output).toLowerCase()] : undefined) ?? 'md';
  if (chosen in REDLINE_FORMATS) return chosen;
  const known = Object.keys(REDLINE_FORMATS).join(', ');
  if (PLANNED_FORMATS.includes(chosen)) throw new CliError(`the ${chosen} format is not available yet; use one of ${known}`);
  throw new CliError(`unknown format "${chosen}"; use one of ${known}`);
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
}

async function runRedline(basePath: string, amendedPath: string, options: RedlineOptions): Promise<void> {
  const format = chooseFormat(options.format, options.output);
  const width = parseWidth(options.width);
  const [base, amended] = await Promise.all([readText(basePath), readText(amendedPath)]);
  const redline = buildRedline(base, amended, width);
  const instructions = amendmentInstructions(redline.diff, redline.base);
  const named = titleOf(base) || titleOf(amended);
  const title = named ? `Redline: ${named}` : `Redline: ${basename(basePath)} → ${basename(amendedPath)}`;
  const written = REDLINE_FORMATS[format]({ redline, instructions, title, layout: options.sideBySide ? 'side-by-side' : 'inline' });
  if (!options.output) {
    process.stdout.write(written);
    return;
  }
  try {
    await writeFile(options.output, written);
  } catch (error) {
    throw new CliError(`cannot write ${options.output}: ${(error as Error).message}`);
  }
}

/** The `redline` command. */
export function redlineCommand(): Command {
  return new Command('redline')
    .description('Print the line-numbered redline of AMENDED against BASE (Markdown or plain-text files), with the amendment instructions.')
    .argument('<base>', 'the base text')
    .argument('<amended>', 'the amended text')
    .addOption(new Option('-f, --format <format>', 'html, md or json (docx and pdf follow later); default: from the -o extension, else md'))
    .addOption(new Option('-w, --width <n>', 'line width in characters').default(String(DEFAULT_LINE_WIDTH)))
    .addOption(new Option('-o, --output <file>', 'write to FILE instead of standard output'))
    .addOption(new Option('--side-by-side', 'html and md: base and amended text side by side instead of inline'))
    .action(runRedline);
}

/**
 * The words of amendment instructions: quoting, ordinals ("the second"), line
 * references ("On lines 14-15") and names for what cannot be quoted legibly (a
 * space, a comma). Kept apart from the logic that decides what an instruction
 * says, so a convention that words things differently changes only this file.
 */
import type { TextBlock } from '../text';
import { kindName } from './document';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** "first", "second" ... "tenth", then "11th", "21st", "22nd", "23rd". Throws `RangeError` below 1. */
export function ordinal(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`no ordinal for ${n}`);
  if (n <= ORDINALS.length) return ORDINALS[n - 1];
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A text in curly quotes, as instructions quote the words they strike or insert. */
export function quote(text: string): string {
  return `“${text}”`;
}

/** "line 14" or "lines 14-17". */
export function lineRange(from: number, to: number): string {
  return from === to ? `line ${from}` : `lines ${from}-${to}`;
}

const PUNCTUATION_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  ':': 'colon',
  '.': 'period',
  '!': 'exclamation mark',
  '?': 'question mark',
  '—': 'em dash',
  '–': 'en dash',
  '-': 'hyphen',
  '(': 'opening parenthesis',
  ')': 'closing parenthesis',
  '"': 'quotation mark',
  '“': 'opening quotation mark',
  '”': 'closing quotation mark',
  "'": 'apostrophe',
  '’': 'apostrophe',
};

/**
 * How an instruction names a piece of text: whitespace by what it is ("a space",
 * "3 spaces", "whitespace"), a lone punctuation mark by its name ("a comma", or
 * "the comma" when `definite`), anything else quoted with its outer whitespace
 * trimmed. An ordinal ("the second") is added when `occurrence` is given.
 */
export function describeText(text: string, options: { definite?: boolean; occurrence?: number } = {}): string {
  const core = text.trim();
  if (core === '') {
    if (/^ +$/.test(text)) return text.length === 1 ? 'a space' : `${text.length} spaces`;
    return 'whitespace';
  }
  const name = PUNCTUATION_NAMES[core];
  if (options.occurrence !== undefined) return `the ${ordinal(options.occurrence)} ${name ?? quote(core)}`;
  if (name) return `${options.definite ? 'the' : 'a'} ${name}`;
  return quote(core);
}

/**
 * How an instruction introduces new blocks, ending with the quoted text (no
 * full stop follows it): "a new resolved clause: “...”" for
 * one block, "the following new paragraphs:" and one quoted block a line for
 * several of one kind, "the following:" and "heading: “...”" lines for a mix.
 * With `fresh` false (substitutes) the word "new" is left out.
 */
export function describeBlocks(blocks: readonly TextBlock[], fresh: boolean): string {
  const kinds = new Set(blocks.map((block) => kindName(block.kind)));
  const adjective = fresh ? 'new ' : '';
  if (blocks.length === 1) {
    const name = kindName(blocks[0].kind);
    const article = fresh ? 'a new' : 'the following';
    return `${article} ${name}: ${quote(blocks[0].text)}`;
  }
  if (kinds.size === 1) {
    return `the following ${adjective}${kindName(blocks[0].kind, true)}:\n${blocks.map((block) => quote(block.text)).join('\n')}`;
  }
  return `the following:\n${blocks.map((block) => `${kindName(block.kind)}: ${quote(block.text)}`).join('\n')}`;
}

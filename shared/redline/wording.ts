/**
 * The words of amendment instructions: quoting, ordinals ("the second"), line
 * references ("On lines 14-15") and names for what cannot be quoted legibly (a
 * space, a comma). Kept apart from the logic that decides what an instruction
 * says, so a convention that words things differently changes only this file.
 */
import type { TextBlock } from '../text';
import { kindName } from './document';
import { hasWord } from './tokens';

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

/**
 * Names of punctuation marks. Two marks that look alike get names that differ
 * (straight and curly apostrophes, hyphen and dashes), so that "strike the
 * straight apostrophe and insert a curly apostrophe" never names one mark twice.
 */
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
  '"': 'straight quotation mark',
  '“': 'opening quotation mark',
  '”': 'closing quotation mark',
  "'": 'straight apostrophe',
  '’': 'curly apostrophe',
};

/** "a" or "an" before a name: "an" before a vowel, which is a vowel sound in every name this file gives ("an em dash", "a hyphen"). */
function withArticle(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** Whitespace by what it is: "a space", "3 spaces", or "whitespace" for anything but plain spaces. */
function describeSpace(space: string): string {
  if (/^ +$/.test(space)) return space.length === 1 ? 'a space' : `${space.length} spaces`;
  return 'whitespace';
}

/**
 * The spacing around punctuation, which a reader cannot guess as they can a
 * word's: "with a space before it", "with a space before and after it", or ""
 * when there is none.
 */
function describeSpacing(before: string, after: string): string {
  if (before === '' && after === '') return '';
  if (after === '') return ` with ${describeSpace(before)} before it`;
  if (before === '') return ` with ${describeSpace(after)} after it`;
  if (before === after) return ` with ${describeSpace(before)} before and after it`;
  return ` with ${describeSpace(before)} before it and ${describeSpace(after)} after it`;
}

/**
 * How an instruction names a piece of text: whitespace by what it is ("a space",
 * "3 spaces", "whitespace"), a lone punctuation mark by its name ("a comma",
 * "an em dash", or "the comma" when `definite`), anything else quoted with its
 * outer whitespace trimmed. Punctuation without words keeps its outer spacing
 * in words ("an em dash with a space before it"), since where a mark's spaces
 * go cannot be guessed as a word's can; applied literally, the wording gives
 * exactly `text`. An ordinal ("the second") is added when `occurrence` is given.
 */
export function describeText(text: string, options: { definite?: boolean; occurrence?: number } = {}): string {
  const core = text.trim();
  if (core === '') return describeSpace(text);
  const name = PUNCTUATION_NAMES[core];
  const spacing = hasWord(core) ? '' : describeSpacing(text.slice(0, text.length - text.trimStart().length), text.slice(text.trimEnd().length));
  if (options.occurrence !== undefined) return `the ${ordinal(options.occurrence)} ${name ?? quote(core)}${spacing}`;
  if (name) return `${options.definite ? `the ${name}` : withArticle(name)}${spacing}`;
  return `${quote(core)}${spacing}`;
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

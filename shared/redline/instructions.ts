/**
 * Formal amendment instructions, generated from a diff against the base, in the
 * forms conventions use (Robert's Rules): insert, strike, strike and insert,
 * substitute, insert after line N, strike lines N-M, and strike-and-insert of a
 * moved clause.
 *
 * Every instruction names base line numbers and enough context to be
 * unambiguous: an insertion names the word it goes after or before, a strike
 * names which occurrence of its words on the line is meant when they occur more
 * than once. Besides its wording an instruction carries the same facts as data
 * (`locator`, struck and inserted text), and `applyInstructions` applies them
 * from those facts alone, so the round trip base + instructions = amended text
 * checks that the wording says enough.
 */
import type { TextBlock } from '../text';
import { copyBlock } from './document';
import { blockChanges, forEachChange, type BlockChanges, type BlockDiff, type ChangeGroup } from './diff';
import type { LineMap, NumberedLine } from './lines';
import { countWords, findWholeWord, hasWord, isBlank, isSpace, tokenize } from './tokens';
import { describeBlocks, describeText, lineRange, ordinal, quote } from './wording';

/** A strike of more words than this is named by its first and last words ("strike from ... through ..."), as conventions do. */
export const LONG_STRIKE_WORDS = 12;
/** How many words a long strike quotes at each end; the last ones only from the strike's last line, the line "through ... on line N" names. */
export const FROM_THROUGH_WORDS = 3;
/** Two strike-and-inserts on one line with at most this many words between them read better as one. */
export const COMBINE_GAP_WORDS = 2;
/** An anchor ("after ...") quotes at most this many characters once it holds a word: enough for a word and its punctuation, short enough in unspaced scripts. */
export const ANCHOR_MAX_CHARS = 12;

/** The forms of amendment instructions. */
export type InstructionForm = 'insert' | 'strike' | 'strike-insert' | 'substitute' | 'insert-after' | 'strike-lines' | 'move';

/**
 * How a change inside a line is found on its line (`fromLine`): by the struck
 * words themselves (the `occurrence`-th whole-word match of `phrase` that starts
 * on the line), by a neighbouring `anchor` word it follows or precedes (with the
 * exact whitespace `gap` between them), by its place on an otherwise wordless
 * line (`gap` = the text before it on the line), or as the (empty, unnumbered) title.
 */
export type Locator =
  | { by: 'text'; phrase: string; occurrence: number }
  | { by: 'after'; anchor: string; occurrence: number; gap: string }
  | { by: 'before'; anchor: string; occurrence: number; gap: string }
  | { by: 'line'; gap: string }
  | { by: 'title' };

interface InstructionBase {
  /** The instruction as the convention reads it. */
  text: string;
  /**
   * First base line it changes. An insertion between blocks names the line it
   * follows (line 1 when it goes before line 1); 0 only when there is no
   * numbered line to name (an empty base, or the empty, unnumbered title).
   */
  fromLine: number;
  /** Last base line it changes (= `fromLine` for a change on one line or an insertion). */
  toLine: number;
}

/** Insert, strike, or strike and insert inside a block. `strike` and `insert` are exact (whitespace included). */
export interface TextInstruction extends InstructionBase {
  form: 'insert' | 'strike' | 'strike-insert';
  strike: string;
  insert: string;
  locator: Locator;
}

/** Strike whole blocks: lines `fromLine`-`toLine` (0-0 strikes an empty title). */
export interface StrikeLinesInstruction extends InstructionBase {
  form: 'strike-lines';
}

/** Replace the whole blocks on lines `fromLine`-`toLine` with `blocks`. */
export interface SubstituteInstruction extends InstructionBase {
  form: 'substitute';
  blocks: TextBlock[];
}

/** Insert `blocks` after the block ending on line `afterLine` (0: before line 1, or into an empty text). */
export interface InsertAfterInstruction extends InstructionBase {
  form: 'insert-after';
  afterLine: number;
  blocks: TextBlock[];
}

/** Strike the blocks on lines `fromLine`-`toLine` and insert them, unchanged, after line `afterLine`. */
export interface MoveInstruction extends InstructionBase {
  form: 'move';
  afterLine: number;
}

export type Instruction = TextInstruction | StrikeLinesInstruction | SubstituteInstruction | InsertAfterInstruction | MoveInstruction;

interface Token {
  start: number;
  end: number;
  text: string;
}

function tokenSpans(text: string): Token[] {
  const spans: Token[] = [];
  let at = 0;
  for (const token of tokenize(text)) {
    spans.push({ start: at, end: at + token.length, text: token });
    at += token.length;
  }
  return spans;
}

/** Index of the token that starts at `offset`, or -1. */
function tokenStartingAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start === offset) return mid;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

interface Anchor {
  anchor: string;
  gap: string;
  occurrence: number;
  count: number;
}

function anchorAround(text: string, tokens: Token[], line: NumberedLine, at: number, side: 'after' | 'before'): Anchor | null {
  let edge = at;
  if (side === 'after') while (edge > line.start && isSpace(text.charCodeAt(edge - 1))) edge--;
  else while (edge < text.length && isSpace(text.charCodeAt(edge))) edge++;
  const gap = side === 'after' ? text.slice(edge, at) : text.slice(at, edge);
  if (side === 'after' ? edge <= line.start : edge >= line.end) return null;
  const next = edge === text.length ? tokens.length : tokenStartingAt(tokens, edge);
  if (next === -1) return null;
  let index = side === 'after' ? next - 1 : next;
  let from = edge;
  let to = edge;
  let length = 0;
  let gotWord = false;
  while (index >= 0 && index < tokens.length) {
    const token = tokens[index];
    if (isBlank(token.text) || (side === 'after' && token.start < line.start)) break;
    if (gotWord && length + token.text.length > ANCHOR_MAX_CHARS) break;
    length += token.text.length;
    if (hasWord(token.text)) gotWord = true;
    if (side === 'after') from = token.start;
    else to = token.end;
    index += side === 'after' ? -1 : 1;
  }
  if (from === to) return null;
  const anchor = text.slice(from, to);
  const found = findWholeWord(text, anchor, line.start, line.end);
  const occurrence = found.indexOf(from) + 1;
  if (occurrence === 0) return null;
  return { anchor, gap, occurrence, count: found.length };
}

/** The offset just after the first `n` words of `text`, with the punctuation attached to the last of them. */
function afterFirstWords(text: string, n: number): number {
  const tokens = tokenSpans(text);
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (hasWord(tokens[i].text)) words++;
    if (words === n) {
      let end = tokens[i].end;
      for (let j = i + 1; j < tokens.length && !isBlank(tokens[j].text) && !hasWord(tokens[j].text); j++) end = tokens[j].end;
      return end;
    }
  }
  return text.length;
}

/** The offset where the last `n` words of `text` begin, with the punctuation attached before the first of them. */
function beforeLastWords(text: string, n: number): number {
  const tokens = tokenSpans(text);
  let words = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (hasWord(tokens[i].text)) words++;
    if (words === n) {
      let start = tokens[i].start;
      for (let j = i - 1; j >= 0 && !isBlank(tokens[j].text) && !hasWord(tokens[j].text); j--) start = tokens[j].start;
      return start;
    }
  }
  return 0;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Ends an instruction with a full stop, unless it already ends with a quotation that ends a sentence. */
function finish(text: string): string {
  return /[.!?]”$/.test(text) ? text : `${text}.`;
}

/**
 * A punctuation insertion that ends with the space it follows ("one ␣" + "— ")
 * moved against the word before that space (" —" right after "one"), the same
 * text: "after “one”, insert an em dash with a space before it", carried out to
 * the letter, then gives the amended text, where "... with a space after it"
 * would leave two spaces.
 */
function snugInsertion(text: string, change: ChangeGroup): ChangeGroup {
  const { baseFrom: at, deleted, inserted } = change;
  if (deleted !== '' || hasWord(inserted)) return change;
  const trailing = inserted.slice(inserted.trimEnd().length);
  if (trailing === '' || trailing === inserted || text.slice(at - trailing.length, at) !== trailing) return change;
  const n = trailing.length;
  return { ...change, baseFrom: at - n, baseTo: at - n, amendedFrom: change.amendedFrom - n, amendedTo: change.amendedTo - n, inserted: trailing + inserted.slice(0, -n) };
}

/** Builds the instruction for one change inside block `block`. */
function textInstruction(lines: LineMap, block: number, tokens: Token[], original: ChangeGroup): TextInstruction {
  const text = lines.blocks[block].text;
  const change = snugInsertion(text, original);
  const { baseFrom: from, baseTo: to, deleted: strike, inserted: insert } = change;
  const form: TextInstruction['form'] = strike === '' ? 'insert' : insert === '' ? 'strike' : 'strike-insert';
  if (lines.blockLines(block).count === 0) {
    const first = Math.min(1, lines.lineCount);
    return { form, strike, insert, locator: { by: 'title' }, fromLine: first, toLine: first, text: finish(`Insert the title ${quote(insert.trim())}`) };
  }
  const core = strike.trim();
  const coreFrom = core === '' ? from : from + leadingSpace(strike);
  const fromLine = lines.lineOf(block, coreFrom);
  const toLine = core === '' ? fromLine : lines.lineOf(block, coreFrom + core.length - 1);
  const line = lines.line(fromLine);
  const where = lineRange(fromLine, toLine);
  const inserting = `insert ${describeText(insert)}`;

  if (hasWord(core)) {
    const long = countWords(core) > LONG_STRIKE_WORDS;
    const phrase = long ? core.slice(0, afterFirstWords(core, FROM_THROUGH_WORDS)) : core;
    const found = findWholeWord(text, phrase, line.start, line.end);
    const occurrence = found.indexOf(coreFrom) + 1;
    if (occurrence > 0) {
      const nth = found.length > 1 ? `the ${ordinal(occurrence)} ` : '';
      let striking = `strike ${nth}${quote(phrase)}`;
      if (long) {
        // The last words are quoted from the strike's last line (toLine) only, so that "through ... on line N"
        // names the line the range ends on, and counted there after the strike's start.
        const endLine = lines.line(toLine);
        const tailFrom = Math.max(endLine.start, coreFrom);
        const endAt = tailFrom + beforeLastWords(text.slice(tailFrom, coreFrom + core.length), FROM_THROUGH_WORDS);
        const endPhrase = text.slice(endAt, coreFrom + core.length);
        const ends = findWholeWord(text, endPhrase, tailFrom, endLine.end);
        const endIndex = ends.indexOf(endAt);
        const endNth = ends.length > 1 && endIndex >= 0 ? `the ${ordinal(endIndex + 1)} ` : '';
        striking = `strike from ${nth}${quote(phrase)} through ${endNth}${quote(endPhrase)}${toLine !== fromLine ? ` on line ${toLine}` : ''}`;
      }
      const wording = finish(form === 'strike' ? `On ${where}, ${striking}` : `On ${where}, ${striking} and ${inserting}`);
      return { form, strike, insert, locator: { by: 'text', phrase, occurrence }, fromLine, toLine, text: wording };
    }
  }

  const after = anchorAround(text, tokens, line, from, 'after');
  const before = anchorAround(text, tokens, line, to, 'before');
  // A mark inserted next to one word and apart from the other ("(" in "stop (here") is placed by the word it touches, so the wording needs no spaces.
  const touching = form === 'insert' && insert.trim() !== '' && !hasWord(insert) && after && before && after.gap !== '' && before.gap === '';
  const anchor = after && !touching && (!before || after.count <= before.count) ? { side: 'after' as const, ...after } : before ? { side: 'before' as const, ...before } : null;
  const striking = `strike ${describeText(strike, { definite: true })}`;
  const action = form === 'insert' ? inserting : form === 'strike' ? striking : `${striking} and ${inserting}`;
  if (anchor) {
    const nth = anchor.count > 1 ? `the ${ordinal(anchor.occurrence)} ` : '';
    return {
      form,
      strike,
      insert,
      locator: { by: anchor.side, anchor: anchor.anchor, occurrence: anchor.occurrence, gap: anchor.gap },
      fromLine,
      toLine,
      text: finish(`On ${where}, ${anchor.side} ${nth}${quote(anchor.anchor)}, ${action}`),
    };
  }
  if (core !== '') {
    // Punctuation alone on its line: name it by itself.
    const found = findWholeWord(text, core, line.start, line.end);
    const occurrence = found.indexOf(coreFrom) + 1;
    if (occurrence > 0) {
      const named = describeText(core, { definite: true, occurrence: found.length > 1 ? occurrence : undefined });
      const wording = finish(form === 'strike' ? `On ${where}, strike ${named}` : `On ${where}, strike ${named} and ${inserting}`);
      return { form, strike, insert, locator: { by: 'text', phrase: core, occurrence }, fromLine, toLine, text: wording };
    }
  }
  const gap = text.slice(line.start, from);
  const place = line.text === '' ? `On line ${fromLine}` : gap === '' ? `At the beginning of line ${fromLine}` : from >= line.contentEnd ? `At the end of line ${fromLine}` : `On line ${fromLine}, after its first ${[...gap].length} characters`;
  return { form, strike, insert, locator: { by: 'line', gap }, fromLine, toLine, text: finish(`${place}, ${action}`) };
}

/** Joins neighbouring strike-and-inserts on one line when only a word or two stands between them. */
function combineChanges(lines: LineMap, block: number, base: string, amended: string, changes: ChangeGroup[]): ChangeGroup[] {
  const out: ChangeGroup[] = [];
  for (const change of changes) {
    const previous = out[out.length - 1];
    if (previous && hasWord(previous.deleted) && hasWord(change.deleted) && previous.inserted !== '' && change.inserted !== '') {
      const between = base.slice(previous.baseTo, change.baseFrom);
      const deleted = base.slice(previous.baseFrom, change.baseTo);
      const sameLine = lines.lineOf(block, previous.baseFrom + leadingSpace(previous.deleted)) === lines.lineOf(block, change.baseTo - 1);
      if (countWords(between) <= COMBINE_GAP_WORDS && sameLine && countWords(deleted) <= LONG_STRIKE_WORDS) {
        out[out.length - 1] = {
          baseFrom: previous.baseFrom,
          baseTo: change.baseTo,
          amendedFrom: previous.amendedFrom,
          amendedTo: change.amendedTo,
          deleted,
          inserted: amended.slice(previous.amendedFrom, change.amendedTo),
        };
        continue;
      }
    }
    out.push(change);
  }
  return out;
}

function strikeLines(fromLine: number, toLine: number): StrikeLinesInstruction {
  const text = fromLine === 0 ? 'Strike the empty title.' : `Strike ${lineRange(fromLine, toLine)}.`;
  return { form: 'strike-lines', fromLine, toLine, text };
}

function substitute(fromLine: number, toLine: number, blocks: TextBlock[]): SubstituteInstruction {
  return { form: 'substitute', fromLine, toLine, blocks, text: `Substitute for ${lineRange(fromLine, toLine)} ${describeBlocks(blocks, false)}` };
}

function insertAfter(lines: LineMap, afterLine: number, blocks: TextBlock[]): InsertAfterInstruction {
  const what = describeBlocks(blocks, true);
  const text = lines.lineCount === 0 ? `Insert ${what}` : afterLine === 0 ? `Before line 1, insert ${what}` : `After line ${afterLine}, insert ${what}`;
  const line = Math.max(afterLine, Math.min(1, lines.lineCount));
  return { form: 'insert-after', afterLine, fromLine: line, toLine: line, blocks, text };
}

function move(fromLine: number, toLine: number, afterLine: number): MoveInstruction {
  const them = fromLine === toLine ? 'it' : 'them';
  const where = afterLine === 0 ? 'before line 1' : `after line ${afterLine}`;
  return { form: 'move', fromLine, toLine, afterLine, text: `Strike ${lineRange(fromLine, toLine)} and insert ${them} ${where}.` };
}

interface Run {
  deleted: number[];
  inserted: number[];
  gap: number;
}

/**
 * The amendment instructions that turn the base of `diff` into its amended
 * text, in base line order, worded against `lines` (the base's `LineMap`).
 * Identical texts give no instructions. A block rewritten beyond
 * `SUBSTITUTE_MIN_CHANGED_SHARE`, or whose kind changed, is substituted whole;
 * deleted blocks followed by new ones are one substitute; a moved clause is one
 * "strike ... and insert ... after line N" unless other new text lands at the same
 * place, when it is struck and inserted separately. Throws `RangeError` when
 * `lines` does not number the diff's base.
 */
export function amendmentInstructions(diff: BlockDiff, lines: LineMap): Instruction[] {
  if (lines.blocks !== diff.base && (lines.blocks.length !== diff.base.length || lines.blocks.some((block, i) => block.text !== diff.base[i].text))) {
    throw new RangeError('the line map does not number the base of this diff');
  }
  const out: Instruction[] = [];
  const parts: ({ kind: 'run'; run: Run } | { kind: 'modified'; base: number; amended: number; kindChanged: boolean } & BlockChanges)[] = [];
  let run: Run = { deleted: [], inserted: [], gap: 0 };
  const flush = () => {
    if (run.deleted.length === 0 && run.inserted.length === 0) return; // keep the empty run: no allocation per unchanged block
    parts.push({ kind: 'run', run });
    run = { deleted: [], inserted: [], gap: run.gap };
  };
  const movedTo = new Map<number, number>(); // base index -> amended index
  forEachChange(diff, (entry) => {
    if (entry.type === 'equal' || entry.type === 'modified') {
      flush();
      run.gap = entry.base + 1;
      if (entry.type === 'modified') {
        parts.push({ kind: 'modified', base: entry.base, amended: entry.amended, kindChanged: entry.kindChanged, ...blockChanges(diff, entry) });
      }
    } else if (entry.type === 'deleted') {
      run.deleted.push(entry.base);
      run.gap = entry.base + 1;
      if (entry.movedTo !== undefined) movedTo.set(entry.base, entry.movedTo);
    } else {
      run.inserted.push(entry.amended);
    }
  });
  flush();

  // A move reads as one instruction only when its blocks arrive, in order, at a place where nothing else is inserted.
  const runOfInserted = new Map<number, Run>();
  for (const part of parts) if (part.kind === 'run') for (const a of part.run.inserted) runOfInserted.set(a, part.run);
  const cleanMoves = new Map<number, number[]>(); // first base index of a move -> its base indices
  const cleanlyMovedBase = new Set<number>();
  const cleanlyMovedAmended = new Set<number>();
  for (const part of parts) {
    if (part.kind !== 'run') continue;
    const moved = part.run.deleted.filter((b) => movedTo.has(b));
    let i = 0;
    while (i < moved.length) {
      let j = i + 1;
      while (j < moved.length && moved[j] === moved[j - 1] + 1 && movedTo.get(moved[j]) === movedTo.get(moved[j - 1])! + 1) j++;
      const group = moved.slice(i, j);
      const destination = runOfInserted.get(movedTo.get(group[0])!)!;
      const arriving = group.map((b) => movedTo.get(b)!);
      if (destination.inserted.length === arriving.length && destination.inserted.every((a, k) => a === arriving[k])) {
        cleanMoves.set(group[0], group);
        for (const b of group) cleanlyMovedBase.add(b);
        for (const a of arriving) cleanlyMovedAmended.add(a);
      }
      i = j;
    }
  }

  for (const part of parts) {
    if (part.kind === 'modified') {
      const baseBlock = diff.base[part.base];
      const amendedBlock = diff.amended[part.amended];
      const lineCount = lines.blockLines(part.base).count;
      if (lineCount > 0 && (part.kindChanged || part.rewritten)) {
        out.push(substitute(lines.firstLineOf(part.base), lines.lastLineOf(part.base), [copyBlock(amendedBlock)]));
        continue;
      }
      const tokens = tokenSpans(baseBlock.text);
      const changes = lineCount === 0 ? part.changes : combineChanges(lines, part.base, baseBlock.text, amendedBlock.text, part.changes);
      for (const change of changes) out.push(textInstruction(lines, part.base, tokens, change));
      continue;
    }
    const { deleted, inserted, gap } = part.run;
    // Deleted blocks in base order, as ranges of plain deletions and whole moves.
    const items: ({ kind: 'range'; from: number; to: number } | { kind: 'move'; blocks: number[] })[] = [];
    for (const b of deleted) {
      if (cleanMoves.has(b)) {
        items.push({ kind: 'move', blocks: cleanMoves.get(b)! });
        continue;
      }
      if (cleanlyMovedBase.has(b)) continue;
      const last = items[items.length - 1];
      const lineless = lines.blockLines(b).count === 0;
      if (last?.kind === 'range' && last.to === b && !lineless && lines.blockLines(last.from).count > 0) last.to = b + 1;
      else items.push({ kind: 'range', from: b, to: b + 1 });
    }
    const fresh = inserted.filter((a) => !cleanlyMovedAmended.has(a)).map((a) => copyBlock(diff.amended[a]));
    const lastItem = items[items.length - 1];
    const substituteLast = fresh.length > 0 && lastItem?.kind === 'range' && lastItem.to === gap && lines.blockLines(lastItem.from).count > 0;
    items.forEach((item, index) => {
      if (item.kind === 'move') {
        const destination = runOfInserted.get(movedTo.get(item.blocks[0])!)!;
        const first = lines.firstLineOf(item.blocks[0]);
        const last = lines.lastLineOf(item.blocks[item.blocks.length - 1]);
        out.push(move(first, last, lines.lineBeforeGap(destination.gap)));
        return;
      }
      const first = lines.firstLineOf(item.from);
      const last = lines.lastLineOf(item.to - 1);
      if (substituteLast && index === items.length - 1) out.push(substitute(first, last, fresh));
      else out.push(strikeLines(first, last));
    });
    if (fresh.length > 0 && !substituteLast) out.push(insertAfter(lines, lines.lineBeforeGap(gap), fresh));
  }
  return out;
}

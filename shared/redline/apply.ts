/**
 * Applying amendment instructions to a base text, the way a secretary would:
 * find each instruction's place from its line numbers and quoted words, check
 * that the base really says what the instruction strikes, and make the change.
 * Instructions that no longer fit the base (a revised text, a typo in a
 * hand-written instruction) are reported, not guessed at.
 */
import type { TextBlock } from '../text';
import { copyBlock } from './document';
import { applyEdits, editsOverlap, type Edit } from './edits';
import type { Instruction, TextInstruction } from './instructions';
import { DEFAULT_LINE_WIDTH, numberLines, type LineMap } from './lines';
import { findWholeWord } from './tokens';
import { ordinal } from './wording';

/** An instruction that could not be applied, and why. */
export interface InstructionFailure {
  /** Its index in the list given. */
  index: number;
  instruction: Instruction;
  reason: string;
}

/** The text after applying instructions, and the instructions that could not be applied (skipped). */
export interface ApplyResult {
  blocks: TextBlock[];
  failures: InstructionFailure[];
}

type Resolved = { ok: true; edits: Edit[] } | { ok: false; reason: string };

const fail = (reason: string): Resolved => ({ ok: false, reason });

function hasLine(lines: LineMap, n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= lines.lineCount;
}

/** The blocks [from, to) whose lines are exactly fromLine-toLine, or a reason why there are none. */
function wholeBlocks(lines: LineMap, fromLine: number, toLine: number): { from: number; to: number } | string {
  if (fromLine === 0 && toLine === 0) {
    const title = lines.blocks[0];
    if (title?.kind === 'title' && title.text === '') return { from: 0, to: 1 };
    return 'the base has no empty title';
  }
  if (!hasLine(lines, fromLine) || !hasLine(lines, toLine) || toLine < fromLine) return `the base has no lines ${fromLine}-${toLine}`;
  const from = lines.line(fromLine).block;
  const to = lines.line(toLine).block;
  if (lines.firstLineOf(from) !== fromLine) return `line ${fromLine} does not begin a block`;
  if (lines.lastLineOf(to) !== toLine) return `line ${toLine} does not end a block`;
  return { from, to: to + 1 };
}

/** The gap after the block that ends on line `afterLine` (0: before line 1, or the end of a text without lines). */
function gapAfter(lines: LineMap, afterLine: number): number | string {
  if (afterLine === 0) return lines.lineCount === 0 ? lines.blocks.length : lines.line(1).block;
  if (!hasLine(lines, afterLine)) return `the base has no line ${afterLine}`;
  const block = lines.line(afterLine).block;
  if (lines.lastLineOf(block) !== afterLine) return `line ${afterLine} does not end a block`;
  return block + 1;
}

function resolveText(instruction: TextInstruction, lines: LineMap): Resolved {
  const { locator, strike, insert } = instruction;
  if (locator.by === 'title') {
    const title = lines.blocks[0];
    if (title?.kind !== 'title' || title.text !== '' || strike !== '') return fail('the base has no empty title');
    return { ok: true, edits: [{ type: 'text', block: 0, from: 0, to: 0, insert }] };
  }
  if (!hasLine(lines, instruction.fromLine)) return fail(`the base has no line ${instruction.fromLine}`);
  const line = lines.line(instruction.fromLine);
  const text = lines.blocks[line.block].text;
  let from: number;
  switch (locator.by) {
    case 'text': {
      const at = findWholeWord(text, locator.phrase, line.start, line.end)[locator.occurrence - 1];
      if (at === undefined) return fail(`line ${line.number} has no ${ordinalWord(locator.occurrence)} “${locator.phrase}”`);
      from = at - (strike.length - strike.trimStart().length);
      break;
    }
    case 'after': {
      const at = findWholeWord(text, locator.anchor, line.start, line.end)[locator.occurrence - 1];
      if (at === undefined) return fail(`line ${line.number} has no ${ordinalWord(locator.occurrence)} “${locator.anchor}”`);
      from = at + locator.anchor.length;
      if (text.slice(from, from + locator.gap.length) !== locator.gap) return fail(`the spacing after “${locator.anchor}” on line ${line.number} differs`);
      from += locator.gap.length;
      break;
    }
    case 'before': {
      const at = findWholeWord(text, locator.anchor, line.start, line.end)[locator.occurrence - 1];
      if (at === undefined) return fail(`line ${line.number} has no ${ordinalWord(locator.occurrence)} “${locator.anchor}”`);
      const end = at - locator.gap.length;
      if (end < 0 || text.slice(end, at) !== locator.gap) return fail(`the spacing before “${locator.anchor}” on line ${line.number} differs`);
      from = end - strike.length;
      break;
    }
    case 'line':
      if (text.slice(line.start, line.start + locator.gap.length) !== locator.gap) return fail(`line ${line.number} does not begin as expected`);
      from = line.start + locator.gap.length;
      break;
  }
  if (from < 0 || text.slice(from, from + strike.length) !== strike) return fail(`line ${line.number} does not contain the text to strike there`);
  return { ok: true, edits: [{ type: 'text', block: line.block, from, to: from + strike.length, insert }] };
}

function ordinalWord(n: number): string {
  return Number.isInteger(n) && n >= 1 ? ordinal(n) : `occurrence ${n} of`;
}

/**
 * The edits one instruction makes to the base numbered by `lines`, or why it
 * cannot be applied there: its line is missing, its words are not where it says,
 * or its lines do not cover whole blocks where it strikes or substitutes blocks.
 */
export function resolveInstruction(instruction: Instruction, lines: LineMap): Resolved {
  switch (instruction.form) {
    case 'insert':
    case 'strike':
    case 'strike-insert':
      return resolveText(instruction, lines);
    case 'strike-lines': {
      const range = wholeBlocks(lines, instruction.fromLine, instruction.toLine);
      if (typeof range === 'string') return fail(range);
      return { ok: true, edits: [{ type: 'blocks', from: range.from, to: range.to, insert: [] }] };
    }
    case 'substitute': {
      const range = wholeBlocks(lines, instruction.fromLine, instruction.toLine);
      if (typeof range === 'string') return fail(range);
      return { ok: true, edits: [{ type: 'blocks', from: range.from, to: range.to, insert: instruction.blocks.map(copyBlock) }] };
    }
    case 'insert-after': {
      const gap = gapAfter(lines, instruction.afterLine);
      if (typeof gap === 'string') return fail(gap);
      return { ok: true, edits: [{ type: 'blocks', from: gap, to: gap, insert: instruction.blocks.map(copyBlock) }] };
    }
    case 'move': {
      const range = wholeBlocks(lines, instruction.fromLine, instruction.toLine);
      if (typeof range === 'string') return fail(range);
      const gap = gapAfter(lines, instruction.afterLine);
      if (typeof gap === 'string') return fail(gap);
      if (gap > range.from && gap < range.to) return fail('a block cannot be moved into itself');
      const moved = lines.blocks.slice(range.from, range.to).map(copyBlock);
      return {
        ok: true,
        edits: [
          { type: 'blocks', from: range.from, to: range.to, insert: [] },
          { type: 'blocks', from: gap, to: gap, insert: moved },
        ],
      };
    }
  }
}

/**
 * Applies instructions, in order, to a base text numbered at `width` (the width
 * the instructions were written against). Every instruction refers to the base's
 * own line numbers, as conventions do; insertions at one place land in the
 * order of their instructions. An instruction that does not fit the base, or
 * that overlaps one applied before it, is skipped and reported in `failures`.
 */
export function applyInstructions(base: readonly TextBlock[], instructions: readonly Instruction[], width: number = DEFAULT_LINE_WIDTH): ApplyResult {
  const lines = numberLines(base, width);
  const accepted: Edit[] = [];
  const failures: InstructionFailure[] = [];
  instructions.forEach((instruction, index) => {
    const resolved = resolveInstruction(instruction, lines);
    if (!resolved.ok) {
      failures.push({ index, instruction, reason: resolved.reason });
      return;
    }
    const clash = resolved.edits.find((edit) => accepted.some((other) => editsOverlap(edit, other)));
    if (clash) {
      failures.push({ index, instruction, reason: 'it overlaps an earlier instruction' });
      return;
    }
    accepted.push(...resolved.edits);
  });
  return { blocks: applyEdits(base, accepted), failures };
}

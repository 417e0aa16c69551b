import type { Redline, RedlineBlock, RedlineLine, RedlineSegment } from '../../shared/redline/redline';
import type { InstructionForm } from '../../shared/redline/instructions';
import { h, keyedChildren, replaceChildren, srOnly, type Child } from '../dom';

/**
 * Draws redlines as DOM: struck text in `<del>`, inserted text in `<ins>`,
 * every line numbered. Inline follows the left (base) text's numbering with
 * changes in place; side by side puts left lines beside right lines (stacked
 * on phones). `<del>` and `<ins>` carry a visually hidden "struck:" /
 * "inserted:" so screen readers say what the colours show; inline, the line
 * numbers are hidden from them and each block says its lines once. Every line
 * a reader may be sent to carries `data-line` (the left text's number).
 */

/** One instruction as the API and the engine give it. */
export interface InstructionItem {
  form: InstructionForm | string;
  text: string;
  fromLine: number;
  toLine: number;
}

/** "Line 14", "Lines 14–17", or "Before line 1" for line 0. */
export function linesLabel(from: number, to: number): string {
  if (from === 0 && to === 0) return 'Before line 1';
  return from === to ? `Line ${from}` : `Lines ${from}–${to}`;
}

/** Neighbouring segments of one type joined, as a reader sees them (line cuts inside an insertion vanish). */
function joined(segments: readonly RedlineSegment[]): RedlineSegment[] {
  const out: RedlineSegment[] = [];
  for (const segment of segments) {
    const last = out[out.length - 1];
    if (last && last.type === segment.type) out[out.length - 1] = { ...last, text: last.text + segment.text };
    else out.push(segment);
  }
  return out;
}

/** The segments of one line as text, `<del>` and `<ins>`. */
export function segmentNodes(segments: readonly RedlineSegment[]): Node[] {
  return joined(segments).map((segment) => {
    if (segment.type === 'delete') return h('del', { class: 'rl-del' }, srOnly('struck: '), segment.text);
    if (segment.type === 'insert') return h('ins', { class: 'rl-ins' }, srOnly('inserted: '), segment.text);
    return document.createTextNode(segment.text);
  });
}

function blockClass(block: Pick<RedlineBlock, 'kind' | 'status' | 'level'>): string {
  const classes = ['rl-block', `rl-block--${block.kind}`, `rl-block--${block.status}`];
  if (block.kind === 'heading') classes.push(`rl-block--h${block.level ?? 2}`);
  if ((block.kind === 'bullet' || block.kind === 'ordered') && block.level) classes.push(`rl-block--depth${Math.min(block.level, 3)}`);
  return classes.join(' ');
}

/**
 * A line's number in the inline gutter. Hidden from screen readers: a number
 * before every line would cut each sentence into pieces. The block says its
 * line range once instead (`blockPlace`).
 */
function gutterNumber(n: number | null): HTMLElement {
  if (n === null) return h('span', { class: 'rl-ln rl-ln--new', attrs: { 'aria-hidden': 'true' } });
  return h('span', { class: 'rl-ln', attrs: { 'aria-hidden': 'true' } }, String(n));
}

/** A side-by-side cell's number, spoken with its column ("CR01 v1, line 14"): each cell is read on its own there. */
function lineNumber(n: number | null, what = 'Line'): HTMLElement {
  if (n === null) return h('span', { class: 'rl-ln rl-ln--new' }, srOnly('New line'));
  return h('span', { class: 'rl-ln' }, srOnly(`${what} `), String(n));
}

/** What a screen reader hears before a block of the inline redline: its place in the left text ("Lines 14–17: "). */
function blockPlace(block: RedlineBlock): HTMLElement {
  return srOnly(`${hunkPlace(block)}: `);
}

function moveNote(block: RedlineBlock): HTMLElement | null {
  if (block.movedFrom) return h('p', { class: 'rl-note' }, `Moved here from ${linesLabel(block.movedFrom.fromLine, block.movedFrom.toLine).toLowerCase()}`);
  if (block.movedTo) return h('p', { class: 'rl-note' }, `Moved to line ${block.movedTo.fromLine} of the amended text`);
  return null;
}

/** Unchanged lines kept around each changed line when a passage is shown trimmed. */
const CONTEXT_LINES = 1;

/** A changed block's lines with runs of unchanged lines (beyond `CONTEXT_LINES` of a change) left out. */
function trimmedLines(block: RedlineBlock): (RedlineLine | number)[] {
  if (block.status !== 'modified') return block.lines;
  const changed = block.lines.map((line) => line.segments.some((segment) => segment.type !== 'equal'));
  const keep = block.lines.map((_, i) => changed.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some(Boolean));
  const out: (RedlineLine | number)[] = [];
  let skipped = 0;
  block.lines.forEach((line, i) => {
    if (keep[i]) {
      if (skipped) out.push(skipped);
      skipped = 0;
      out.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped) out.push(skipped);
  return out;
}

/**
 * The inline lines of one redline block. `seen` keeps `data-line` on the first
 * line of each number only. With `trim`, unchanged lines far from a change are
 * summed up ("2 unchanged lines"). With `placed`, screen readers hear the
 * block's lines first (where no heading says them already).
 */
function inlineBlock(block: RedlineBlock, seen: Set<number>, trim = false, placed = true): HTMLElement {
  const lines = (trim ? trimmedLines(block) : block.lines).map((line) => {
    if (typeof line === 'number') {
      return h('div', { class: 'rl-line rl-line--gap' }, h('span', { class: 'rl-ln', attrs: { 'aria-hidden': 'true' } }, '⋮'), h('span', { class: 'rl-text' }, `${line} unchanged ${line === 1 ? 'line' : 'lines'}`));
    }
    const first = line.baseLine !== null && !seen.has(line.baseLine);
    if (line.baseLine !== null) seen.add(line.baseLine);
    return h(
      'div',
      { class: `rl-line${line.baseLine === null ? ' rl-line--new' : ''}`, attrs: { 'data-line': first ? line.baseLine : null, tabindex: first ? -1 : null } },
      gutterNumber(line.baseLine),
      h('span', { class: 'rl-text' }, ...segmentNodes(line.segments)),
    );
  });
  return h('div', { class: blockClass(block) }, placed ? blockPlace(block) : null, moveNote(block), ...lines);
}

export interface RedlineViewOptions {
  layout: 'inline' | 'side';
  /** Column headings for side by side, e.g. "CR01 v1" and "CR01-A05". */
  leftLabel: string;
  rightLabel: string;
  /** The accessible name of the redline region. */
  label: string;
  /** Show only changed passages; runs of unchanged text shrink to one line saying which lines they are. */
  changesOnly?: boolean;
}

/** The line saying which unchanged lines are left out. */
function unchangedGap(from: number | null, to: number | null): HTMLElement {
  const words = from === null || to === null ? 'Unchanged text' : `${linesLabel(from, to)} unchanged`;
  return h('div', { class: 'rl-gap' }, h('span', { class: 'rl-gap__text' }, words));
}

/** The left text's line range of a run of redline blocks. */
function baseRange(blocks: readonly RedlineBlock[]): [number | null, number | null] {
  const numbers = blocks.flatMap((block) => block.lines.map((line) => line.baseLine)).filter((n): n is number => n !== null);
  return numbers.length ? [numbers[0], numbers[numbers.length - 1]] : [null, null];
}

/** A whole redline, inline or side by side. */
export function renderRedline(redline: Redline, options: RedlineViewOptions): HTMLElement {
  if (options.layout === 'side') return sideBySide(redline, options);
  const seen = new Set<number>();
  const children: HTMLElement[] = [];
  let quiet: RedlineBlock[] = [];
  const flush = () => {
    if (quiet.length) children.push(unchangedGap(...baseRange(quiet)));
    quiet = [];
  };
  for (const block of redline.blocks) {
    if (options.changesOnly && block.status === 'equal') {
      quiet.push(block);
      continue;
    }
    flush();
    children.push(inlineBlock(block, seen, options.changesOnly));
  }
  flush();
  return h('div', { class: `rl rl--inline${options.changesOnly ? ' rl--changes' : ''}`, attrs: { role: 'region', 'aria-label': options.label } }, ...children);
}

function sideCell(side: 'left' | 'right', line: { number: number; segments: RedlineSegment[] } | null, label: string): HTMLElement {
  if (!line) return h('div', { class: `rl-cell rl-cell--${side} rl-cell--empty` }, srOnly(`Nothing in ${label}`));
  return h(
    'div',
    { class: `rl-cell rl-cell--${side}` },
    h('span', { class: 'rl-side-label', attrs: { 'aria-hidden': 'true' } }, label),
    lineNumber(line.number, `${label}, line`),
    h('span', { class: 'rl-text' }, ...segmentNodes(line.segments)),
  );
}

function sideBySide(redline: Redline, options: RedlineViewOptions): HTMLElement {
  const seen = new Set<number>();
  const rows: Child[] = [];
  let previousBlock = -1;
  let quietFrom: number | null = null;
  let quietTo: number | null = null;
  let quietRows = 0;
  const flush = () => {
    if (quietRows) rows.push(h('div', { class: 'rl-row rl-row--gap', attrs: { role: 'row' } }, h('div', { attrs: { role: 'cell' }, class: 'rl-cellwrap' }, unchangedGap(quietFrom, quietTo))));
    quietFrom = quietTo = null;
    quietRows = 0;
  };
  for (const row of redline.rows) {
    const block = redline.blocks[row.block];
    if (options.changesOnly && block.status === 'equal') {
      quietFrom ??= row.left?.number ?? null;
      quietTo = row.left?.number ?? quietTo;
      quietRows++;
      continue;
    }
    flush();
    const line = row.left?.number ?? null;
    const first = line !== null && !seen.has(line);
    if (line !== null) seen.add(line);
    const classes = ['rl-row', blockClass(block).replace(/rl-block/g, 'rl-row')];
    if (row.block !== previousBlock) classes.push('rl-row--first');
    if (block.status === 'equal') classes.push('rl-row--same');
    previousBlock = row.block;
    rows.push(
      h(
        'div',
        { class: classes.join(' '), attrs: { role: 'row', 'data-line': first ? line : null, tabindex: first ? -1 : null } },
        h('div', { attrs: { role: 'cell' }, class: 'rl-cellwrap' }, sideCell('left', row.left, options.leftLabel)),
        h('div', { attrs: { role: 'cell' }, class: 'rl-cellwrap' }, sideCell('right', row.right, options.rightLabel)),
      ),
    );
  }
  flush();
  return h(
    'div',
    { class: 'rl rl--side', attrs: { role: 'table', 'aria-label': options.label } },
    h(
      'div',
      { class: 'rl-row rl-row--head', attrs: { role: 'row' } },
      h('div', { class: 'rl-head', attrs: { role: 'columnheader' } }, options.leftLabel),
      h('div', { class: 'rl-head', attrs: { role: 'columnheader' } }, options.rightLabel),
    ),
    ...rows,
  );
}

/** Where a changed block sits, in the left text's lines. */
function hunkPlace(block: RedlineBlock): string {
  const lines = block.lines.map((line) => line.baseLine).filter((n): n is number => n !== null);
  if (lines.length === 0) return 'New text';
  return linesLabel(Math.min(...lines), Math.max(...lines));
}

const HUNK_WORDS: Record<RedlineBlock['status'], string> = { equal: 'Unchanged', modified: 'Changed', deleted: 'Struck', inserted: 'Inserted' };

/** One changed block in the hunk list; `ref.current` is the block it shows now (see `keyedChildren`). */
function hunkItem(ref: { current: RedlineBlock }, onSelect?: (block: RedlineBlock) => void): HTMLElement {
  const block = ref.current;
  const place = hunkPlace(block);
  const head = onSelect
    ? h('button', { class: 'rl-hunk__place', attrs: { type: 'button' }, on: { click: () => onSelect(ref.current) } }, place)
    : h('span', { class: 'rl-hunk__place' }, place);
  return h(
    'li',
    { class: `rl-hunk rl-hunk--${block.status}` },
    h('div', { class: 'rl-hunk__head' }, head, h('span', { class: 'rl-hunk__status' }, HUNK_WORDS[block.status])),
    h('div', { class: 'rl rl--inline rl--compact' }, inlineBlock(block, new Set(), true, false)),
  );
}

/**
 * Everything a hunk's drawing depends on, as one string: two blocks with the
 * same key draw the same. Left out: the block's indexes and its amended line
 * numbers, which the hunk does not show (only `onSelect` reads the indexes), so
 * a passage keeps its drawing when a change above it moves it down a line.
 */
function hunkKey(block: RedlineBlock): string {
  const lines = block.lines.map((line) => [line.baseLine, line.segments.map((segment) => [segment.type, segment.text])]);
  return JSON.stringify([block.status, block.kind, block.level ?? null, block.movedFrom ?? null, block.movedTo ?? null, lines]);
}

export interface HunkOptions {
  onSelect?: (block: RedlineBlock) => void;
  empty?: string;
}

/**
 * Only the changed blocks of a redline, each headed by its base lines: what
 * the side panel and the rebase banner show. `onSelect` makes each heading a
 * button that leads to the place (e.g. scrolls the editor there).
 */
export function renderHunks(blocks: readonly RedlineBlock[], options: HunkOptions = {}): HTMLElement {
  const changed = blocks.filter((block) => block.status !== 'equal');
  if (changed.length === 0) return h('p', { class: 'help-text rl-hunks__empty' }, options.empty ?? 'No changes.');
  return h('ol', { class: 'rl-hunks' }, ...changed.map((block) => hunkItem({ current: block }, options.onSelect)));
}

/** The `ol.${className}` that `container` holds alone, or a new empty one put in its place (after a message such as "No changes."). */
function listIn(container: HTMLElement, className: string): Element {
  const only = container.childElementCount === 1 ? container.firstElementChild! : null;
  if (only?.matches(`ol.${className}`)) return only;
  const list = h('ol', { class: className });
  replaceChildren(container, list);
  return list;
}

/**
 * Shows `renderHunks(blocks, options)` in `container`, drawing only the hunks
 * that changed since the last call (the live redline refreshes while people
 * type; redrawing every passage of a long amendment each time would hold up
 * typing). The result is the same DOM as a fresh `renderHunks`. A kept hunk
 * keeps the `onSelect` it was drawn with: pass the same function every time.
 */
export function updateHunks(container: HTMLElement, blocks: readonly RedlineBlock[], options: HunkOptions = {}): void {
  const changed = blocks.filter((block) => block.status !== 'equal');
  if (changed.length === 0) {
    replaceChildren(container, renderHunks(blocks, options));
    return;
  }
  keyedChildren(listIn(container, 'rl-hunks'), changed, hunkKey, (ref) => hunkItem(ref, options.onSelect));
}

export interface InstructionOptions {
  empty?: string;
  onSelect?: (instruction: InstructionItem) => void;
}

/** One instruction of the list. */
function instructionItem(instruction: InstructionItem, onSelect?: (instruction: InstructionItem) => void): HTMLElement {
  const lines = h('span', { class: 'instruction__lines' }, linesLabel(instruction.fromLine, instruction.toLine));
  const text = h('span', { class: 'instruction__text' }, instruction.text);
  return h(
    'li',
    { class: `instruction instruction--${instruction.form}`, dataset: { form: instruction.form } },
    onSelect
      ? h('button', { class: 'instruction__button', attrs: { type: 'button', title: `Go to ${linesLabel(instruction.fromLine, instruction.toLine).toLowerCase()}` }, on: { click: () => onSelect(instruction) } }, lines, text)
      : h('div', { class: 'instruction__button' }, lines, text),
  );
}

/** Everything an instruction's drawing (and its `onSelect`) depends on. */
function instructionKey(instruction: InstructionItem): string {
  return JSON.stringify([instruction.form, instruction.text, instruction.fromLine, instruction.toLine]);
}

/**
 * The numbered list of amendment instructions. With `onSelect`, each is a
 * button that leads to its first line.
 */
export function renderInstructions(instructions: readonly InstructionItem[], { empty = 'No changes to the text yet.', onSelect }: InstructionOptions = {}): HTMLElement {
  if (instructions.length === 0) return h('p', { class: 'help-text' }, empty);
  return h('ol', { class: 'instructions' }, ...instructions.map((instruction) => instructionItem(instruction, onSelect)));
}

/**
 * Shows `renderInstructions(instructions, options)` in `container`, drawing
 * only the instructions that changed since the last call (see `updateHunks`;
 * pass the same `onSelect` every time).
 */
export function updateInstructions(container: HTMLElement, instructions: readonly InstructionItem[], options: InstructionOptions = {}): void {
  if (instructions.length === 0) {
    replaceChildren(container, renderInstructions(instructions, options));
    return;
  }
  keyedChildren(listIn(container, 'instructions'), instructions, instructionKey, (ref) => instructionItem(ref.current, options.onSelect));
}

/**
 * Scrolls `container`'s line `line` (its `data-line`) into view, focuses it
 * and flashes it; falls back to the nearest earlier numbered line. Returns
 * whether a line was found.
 */
export function goToLine(container: HTMLElement, line: number): boolean {
  let target: HTMLElement | null = null;
  for (let n = Math.max(line, 1); n >= 1 && !target; n--) target = container.querySelector<HTMLElement>(`[data-line="${n}"]`);
  if (!target) return false;
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
  flash(target);
  return true;
}

/** Briefly highlights an element (the target of a jump). */
export function flash(element: Element): void {
  element.classList.remove('is-flashing');
  void (element as HTMLElement).offsetWidth;
  element.classList.add('is-flashing');
  window.setTimeout(() => element.classList.remove('is-flashing'), 1600);
}

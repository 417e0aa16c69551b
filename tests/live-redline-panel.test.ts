/**
 * The live redline panel redraws only the passages and instructions that
 * changed (`updateHunks`, `updateInstructions`): after any sequence of edits
 * it must show exactly what a fresh `renderHunks` / `renderInstructions` of
 * the same redline shows, and keep the elements of what did not change.
 */
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { amendmentInstructions } from '../shared/redline/instructions';
import { buildRedline, type RedlineBlock } from '../shared/redline/redline';
import { p, resolved, title, whereas } from '../shared/redline/test-builders';
import type { TextBlock } from '../shared/text';
import type { InstructionItem } from '../client/redline/render';

type Render = typeof import('../client/redline/render');
let render: Render;

beforeAll(async () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { document });
  render = await import('../client/redline/render');
});

const WIDTH = 40;
const BASE: TextBlock[] = [
  title('Peace and solidarity'),
  whereas('Whereas the workers of every country share an interest in peace;'),
  p('The League shall hold a conference every year.'),
  resolved('Resolved, that every chapter shall elect a delegate to the working group.'),
  p('Each delegate shall report to the chapter twice a year.'),
];

function redlineOf(amended: readonly TextBlock[]): { changes: RedlineBlock[]; instructions: InstructionItem[] } {
  const redline = buildRedline(BASE, amended, WIDTH);
  const instructions = amendmentInstructions(redline.diff, redline.base).map(({ form, text, fromLine, toLine }) => ({ form, text, fromLine, toLine }));
  return { changes: redline.blocks.filter((block) => block.status !== 'equal'), instructions };
}

type Edit = { op: 'type'; block: number; text: string } | { op: 'delete'; block: number } | { op: 'insert'; block: number; text: string } | { op: 'undo' };
const WORDS = ['peace', 'shall', ' and', ' the', 'workers', '.', ' ', 'Resolved, that we act.'];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('type' as const), block: fc.nat(), text: fc.constantFrom(...WORDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), block: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), block: fc.nat(), text: fc.constantFrom(...WORDS) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'undo' as const }) },
);

function applyEdit(blocks: TextBlock[], change: Edit): TextBlock[] {
  if (change.op === 'undo') return [...BASE];
  const next = [...blocks];
  const at = next.length === 0 ? 0 : change.block % next.length;
  if (change.op === 'type' && next[at]) next[at] = { ...next[at], text: next[at].text + change.text };
  if (change.op === 'delete' && next.length > 1) next.splice(at, 1);
  if (change.op === 'insert') next.splice(at, 0, p(change.text));
  return next;
}

describe('the live redline panel, redrawn in place', () => {
  it('shows after every edit exactly what a fresh drawing of the same redline shows', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        const hunks = document.createElement('div');
        const instructions = document.createElement('div');
        let amended = [...BASE];
        for (const change of edits) {
          amended = applyEdit(amended, change);
          const { changes, instructions: items } = redlineOf(amended);
          render.updateHunks(hunks, changes, { empty: 'Nothing yet.' });
          render.updateInstructions(instructions, items);
          expect(hunks.innerHTML).toBe(render.renderHunks(changes, { empty: 'Nothing yet.' }).outerHTML);
          expect(instructions.innerHTML).toBe(render.renderInstructions(items).outerHTML);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the drawing of every passage an edit elsewhere did not touch', () => {
    const hunks = document.createElement('div');
    const first = redlineOf([BASE[0], { ...BASE[1], text: `${BASE[1].text} Always.` }, BASE[2], { ...BASE[3], text: `${BASE[3].text} Now.` }, BASE[4]]);
    render.updateHunks(hunks, first.changes);
    const [whereasHunk, resolvedHunk] = [...hunks.querySelectorAll('li')];
    const second = redlineOf([BASE[0], { ...BASE[1], text: `${BASE[1].text} Always.` }, BASE[2], { ...BASE[3], text: `${BASE[3].text} Now and then.` }, BASE[4]]);
    render.updateHunks(hunks, second.changes);
    const kept = [...hunks.querySelectorAll('li')];
    expect(kept[0]).toBe(whereasHunk);
    expect(kept[1]).not.toBe(resolvedHunk);
    expect(kept[1].textContent).toContain('then');
  });

  it('leads a kept passage to where its block is now', () => {
    const hunks = document.createElement('div');
    const selected: (number | null)[] = [];
    const onSelect = (block: RedlineBlock) => selected.push(block.amendedBlock);
    const changed = { ...BASE[3], text: `${BASE[3].text} Now.` };
    render.updateHunks(hunks, redlineOf([...BASE.slice(0, 3), changed, BASE[4]]).changes, { onSelect });
    const button = hunks.querySelector('button')!;
    // A new block above moves the changed clause down one block; its drawing is kept.
    render.updateHunks(hunks, redlineOf([BASE[0], p('A new opening.'), ...BASE.slice(1, 3), changed, BASE[4]]).changes, { onSelect });
    expect(hunks.querySelectorAll('button')[1]).toBe(button);
    button.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('click'));
    expect(selected).toEqual([4]);
  });
});

import { describe, expect, it } from 'vitest';
import type { TextBlock } from '../text';
import { applyWordAmendment, type TrackedParagraph, type TrackedRun } from './word-amendment';

const kept = (text: string): TrackedRun => ({ status: 'kept', text });
const ins = (text: string): TrackedRun => ({ status: 'inserted', text });
const del = (text: string): TrackedRun => ({ status: 'deleted', text });
const p = (kind: TrackedParagraph['kind'], runs: TrackedRun[], mark: TrackedParagraph['mark'] = 'kept'): TrackedParagraph => ({ kind, runs, mark });
const block = (kind: TextBlock['kind'], text: string): TextBlock => ({ kind, text });

const BASE: TextBlock[] = [
  block('title', 'Workplace Organising'),
  block('whereas', 'Whereas most members work for a wage;'),
  block('resolved', 'Resolved, that chapters form workplace committees.'),
  block('resolved', 'Resolved, that the League trains organisers.'),
];

describe('a Word amendment read back', () => {
  it('applies words struck and inserted inside a paragraph', () => {
    const result = applyWordAmendment(BASE, [
      p('title', [kept('Workplace Organising')]),
      p('whereas', [kept('Whereas most members work for a wage;')]),
      p('resolved', [kept('Resolved, that chapters form '), del('workplace'), ins('rank-and-file'), kept(' committees.')]),
      p('resolved', [kept('Resolved, that the League trains organisers.')]),
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.applied).toBe(1);
    expect(result.blocks[2]).toEqual(block('resolved', 'Resolved, that chapters form rank-and-file committees.'));
  });

  it('applies a new paragraph (its mark inserted) after the paragraph it follows, and strikes a whole paragraph', () => {
    const result = applyWordAmendment(BASE, [
      p('title', [kept('Workplace Organising')]),
      p('whereas', [kept('Whereas most members work for a wage;')]),
      p('whereas', [ins('Whereas organising works;')], 'inserted'),
      p('resolved', [del('Resolved, that chapters form workplace committees.')], 'deleted'),
      p('resolved', [kept('Resolved, that the League trains organisers.')]),
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.blocks).toEqual([BASE[0], BASE[1], block('whereas', 'Whereas organising works;'), BASE[3]]);
  });

  it('a typed "Resolved" clause is a resolved clause, whatever style it was split from', () => {
    const result = applyWordAmendment(BASE, [
      p('title', [kept('Workplace Organising')]),
      p('whereas', [kept('Whereas most members work for a wage;')]),
      p('whereas', [ins('Resolved, that we win.')], 'inserted'),
      p('resolved', [kept('Resolved, that chapters form workplace committees.')]),
      p('resolved', [kept('Resolved, that the League trains organisers.')]),
    ]);
    expect(result.blocks[2]).toEqual(block('resolved', 'Resolved, that we win.'));
  });

  it('lists a change to wording the base does not have, applies the others, and keeps the base there', () => {
    const result = applyWordAmendment(BASE, [
      p('title', [kept('Workplace Organising')]),
      p('whereas', [kept('Whereas most members work for a '), del('salary'), ins('wage and more'), kept(';')]),
      p('resolved', [kept('Resolved, that chapters form '), ins('strong '), kept('workplace committees.')]),
      p('resolved', [kept('Resolved, that the League trains organisers.')]),
    ]);
    expect(result.applied).toBe(1);
    expect(result.unmatched).toEqual([
      { original: 'Whereas most members work for a salary;', changed: 'Whereas most members work for a wage and more;', reason: expect.stringMatching(/not in this version/) },
    ]);
    expect(result.blocks).toEqual([BASE[0], BASE[1], block('resolved', 'Resolved, that chapters form strong workplace committees.'), BASE[3]]);
  });

  it('counts paragraphs that differ without tracked changes, and leaves them as the base says', () => {
    const result = applyWordAmendment(BASE, [
      p('title', [kept('Workplace Organising')]),
      p('whereas', [kept('Whereas many members work for a wage;')]),
      p('resolved', [kept('Resolved, that chapters form workplace committees.')]),
      p('resolved', [kept('Resolved, that the League trains organisers.')]),
    ]);
    expect(result).toMatchObject({ applied: 0, unmatched: [], untrackedDifferences: 1 });
    expect(result.blocks).toEqual(BASE);
  });
});

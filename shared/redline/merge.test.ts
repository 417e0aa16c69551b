import { describe, expect, it } from 'vitest';
import { mergeAmendments } from './merge';
import { findConflicts, touchedLinesOf } from './conflicts';
import { numberLines } from './lines';
import { p, resolved, texts } from './test-builders';

const BASE = [resolved('Resolved, that the League shall send four delegations abroad.'), resolved('Resolved, that each delegation report to the convention.')];
const amendment = (id: string, first: string, second = BASE[1].text) => ({ id, blocks: [resolved(first), resolved(second)] });

describe('merging adopted amendments', () => {
  it('applies amendments that change different words, even on one line', () => {
    const result = mergeAmendments(BASE, [
      amendment('A01', 'Resolved, that the League shall send five delegations abroad.'),
      amendment('A02', 'Resolved, that the League shall send four delegations to sister parties.'),
    ]);
    expect(result.conflicts).toEqual([]);
    expect(result.merged).toEqual(['A01', 'A02']);
    expect(texts(result.text)[0]).toBe('Resolved, that the League shall send five delegations to sister parties.');
  });

  it('reports a collision instead of guessing, and leaves the later amendment out whole', () => {
    const result = mergeAmendments(BASE, [
      amendment('A01', 'Resolved, that the League shall send five delegations abroad.'),
      amendment('A02', 'Resolved, that the League shall send six delegations abroad.', 'Resolved, that each delegation report to the membership.'),
    ]);
    expect(result.merged).toEqual(['A01']);
    expect(result.conflicts).toEqual([{ amendment: 'A02', conflictsWith: 'A01', fromLine: 1, toLine: 1 }]);
    expect(texts(result.text)).toEqual(['Resolved, that the League shall send five delegations abroad.', BASE[1].text]);
  });

  it('names the lines both amendments change, as the conflict map does, not the whole span of the later one', () => {
    const clause = resolved(
      'Resolved, that the League shall send delegations to sister parties in every region, report on each visit to the membership in writing, and publish every report in at least English and Spanish within a month of the return.',
    );
    const lines = numberLines([clause]);
    expect(lines.lineCount).toBe(3);
    // A01 changes words on lines 1 and 2; A02 replaces one run of words from line 1 to line 3, across A01's.
    const a01 = { id: 'A01', blocks: [resolved(clause.text.replace('every region, report', 'each area, and tell'))] };
    const a02 = { id: 'A02', blocks: [resolved(clause.text.replace('delegations to sister parties in every region, report on each visit to the membership in writing, and publish every report in at least English', 'observers'))] };
    expect(touchedLinesOf(a02.blocks, lines)).toEqual([{ from: 1, to: 3 }]);
    const result = mergeAmendments([clause], [a01, a02]);
    expect(result.merged).toEqual(['A01']);
    const [mapped] = findConflicts([a01, a02].map((a) => ({ id: a.id, ranges: touchedLinesOf(a.blocks, lines) })));
    expect(mapped.lines).toEqual([{ from: 1, to: 2 }]);
    expect(result.conflicts).toEqual([{ amendment: 'A02', conflictsWith: 'A01', fromLine: 1, toLine: 2 }]);
  });

  it('treats two insertions at the same place as a collision: their order would be a guess', () => {
    const result = mergeAmendments(BASE, [
      { id: 'A01', blocks: [...BASE, p('First new clause about exchanges.')] },
      { id: 'A02', blocks: [...BASE, p('Second new clause about translation.')] },
    ]);
    expect(result.conflicts.map((c) => c.amendment)).toEqual(['A02']);
  });

  it('merges a change that two amendments make identically once', () => {
    const same = 'Resolved, that the League shall send five delegations abroad.';
    const result = mergeAmendments(BASE, [amendment('A01', same), amendment('A02', same)]);
    expect(result.conflicts).toEqual([]);
    expect(texts(result.text)[0]).toBe(same);
  });

  it('gives the base back when nothing is adopted', () => {
    expect(mergeAmendments(BASE, []).text).toEqual(BASE);
  });
});

import { describe, expect, it } from 'vitest';
import { mergeAmendments } from './merge';
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

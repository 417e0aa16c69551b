import { describe, expect, it } from 'vitest';
import { rebaseAmendment } from './rebase';
import { p, resolved, texts } from './test-builders';

const V1 = [resolved('Resolved, that the League shall send four delegations abroad.'), resolved('Resolved, that each delegation report to the convention.'), p('The budget is set below.')];

describe('rebasing an amendment onto a revised base', () => {
  it('carries the amendment over when the revision changed other text', () => {
    const amended = [V1[0], resolved('Resolved, that each delegation report to the membership.'), V1[2]];
    const v2 = [resolved('Resolved, that the League shall send three delegations abroad.'), V1[1], V1[2]];
    const result = rebaseAmendment(V1, amended, v2);
    expect(result.unapplied).toEqual([]);
    expect(texts(result.text)).toEqual(['Resolved, that the League shall send three delegations abroad.', 'Resolved, that each delegation report to the membership.', V1[2].text]);
  });

  it('carries over changes to other words of a clause the revision edited', () => {
    const amended = [resolved('Resolved, that the League shall send four delegations to sister parties.'), V1[1], V1[2]];
    const v2 = [resolved('Resolved, that the League shall send three delegations abroad.'), V1[1], V1[2]];
    expect(texts(rebaseAmendment(V1, amended, v2).text)[0]).toBe('Resolved, that the League shall send three delegations to sister parties.');
  });

  it('reports the parts that no longer apply, with their old lines, and keeps the revision there', () => {
    const amended = [resolved('Resolved, that the League shall send five delegations abroad.'), V1[1], p('The budget is set below, in dollars.')];
    const v2 = [resolved('Resolved, that the League shall send three delegations abroad.'), V1[1], V1[2]];
    const result = rebaseAmendment(V1, amended, v2);
    expect(result.unapplied).toEqual([{ fromLine: 1, toLine: 1, struck: 'four', inserted: 'five' }]);
    expect(texts(result.text)).toEqual(['Resolved, that the League shall send three delegations abroad.', V1[1].text, 'The budget is set below, in dollars.']);
  });

  it('carries a rewritten clause over whole or not at all, never some of its words', () => {
    // The demo's CR01-A07 substitutes this clause; the revision changes "four" to "three" in it.
    const clause = 'Resolved, that the League shall organise no fewer than four official delegations in each year of the coming term, each of no more than twelve members, selected by the International Committee from open calls published to all members;';
    const rewrite = 'Resolved, that the League shall send official delegations abroad only at the invitation of a movement or organisation in the host country, in a number the International Committee sets each year within the budget, each selected from open calls published to all members;';
    const base = [resolved(clause), V1[1]];
    const v2 = [resolved(clause.replace('four', 'three')), V1[1]];
    const result = rebaseAmendment(base, [resolved(rewrite), V1[1]], v2);
    expect(result.text).toEqual(v2);
    expect(result.unapplied).toEqual([{ fromLine: 1, toLine: 3, struck: clause, inserted: rewrite }]);
    // Where the revision left the clause alone, the rewrite is carried over whole.
    const elsewhere = [resolved(clause), resolved('Resolved, that each delegation report to the membership.')];
    expect(texts(rebaseAmendment(base, [resolved(rewrite), V1[1]], elsewhere).text)).toEqual([rewrite, 'Resolved, that each delegation report to the membership.']);
  });

  it('reports a change to a clause the revision struck', () => {
    const amended = [V1[0], resolved('Resolved, that each delegation report to the membership.'), V1[2]];
    const v2 = [V1[0], V1[2]];
    const result = rebaseAmendment(V1, amended, v2);
    expect(result.unapplied).toHaveLength(1);
    expect(result.text).toEqual(v2);
  });

  it('drops a change the revision already made', () => {
    const fix = [resolved('Resolved, that the League shall send five delegations abroad.'), V1[1], V1[2]];
    const result = rebaseAmendment(V1, fix, fix);
    expect(result).toEqual({ text: fix, unapplied: [] });
  });
});

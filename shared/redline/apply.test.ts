import { describe, expect, it } from 'vitest';
import { applyInstructions, resolveInstruction } from './apply';
import { diffBlocks } from './diff';
import { amendmentInstructions, type Instruction } from './instructions';
import { numberLines } from './lines';
import { p, resolved, texts } from './test-builders';

const BASE = [resolved('Resolved, that the League shall send four delegations abroad.'), resolved('Resolved, that each delegation report to the convention.')];

const strikeAndInsert = (fromLine: number, phrase: string, insert: string, occurrence = 1): Instruction => ({
  form: 'strike-insert',
  strike: phrase,
  insert,
  locator: { by: 'text', phrase, occurrence },
  fromLine,
  toLine: fromLine,
  text: `On line ${fromLine}, strike “${phrase}” and insert “${insert}”.`,
});

describe('applying instructions', () => {
  it('applies instructions written against the base to the base', () => {
    const result = applyInstructions(BASE, [strikeAndInsert(1, 'four', 'five'), strikeAndInsert(2, 'convention', 'membership')]);
    expect(result.failures).toEqual([]);
    expect(texts(result.blocks)).toEqual(['Resolved, that the League shall send five delegations abroad.', 'Resolved, that each delegation report to the membership.']);
  });

  it('refers every instruction to the base’s own line numbers, whatever the instructions before it did', () => {
    const insertClause: Instruction = { form: 'insert-after', afterLine: 1, blocks: [p('A new clause.')], fromLine: 1, toLine: 1, text: 'After line 1, insert a new paragraph: “A new clause.”' };
    const result = applyInstructions(BASE, [insertClause, strikeAndInsert(2, 'convention', 'membership')]);
    expect(texts(result.blocks)).toEqual([BASE[0].text, 'A new clause.', 'Resolved, that each delegation report to the membership.']);
  });

  it('puts several insertions after one line in the order of their instructions', () => {
    const insert = (text: string): Instruction => ({ form: 'insert-after', afterLine: 1, blocks: [p(text)], fromLine: 1, toLine: 1, text });
    expect(texts(applyInstructions(BASE, [insert('first'), insert('second')]).blocks)).toEqual([BASE[0].text, 'first', 'second', BASE[1].text]);
  });

  it('reports, and skips, an instruction whose words are not on its line', () => {
    const result = applyInstructions(BASE, [strikeAndInsert(2, 'four', 'five')]);
    expect(result.failures).toMatchObject([{ index: 0, reason: 'line 2 has no first “four”' }]);
    expect(result.blocks).toEqual(BASE);
  });

  it('reports an instruction naming a line the base does not have', () => {
    expect(applyInstructions(BASE, [strikeAndInsert(9, 'four', 'five')]).failures[0].reason).toBe('the base has no line 9');
  });

  it('reports a strike of lines that do not cover whole clauses', () => {
    const base = [p('aaa bbb ccc ddd eee fff')];
    const strike: Instruction = { form: 'strike-lines', fromLine: 2, toLine: 2, text: 'Strike line 2.' };
    expect(applyInstructions(base, [strike], 12).failures[0].reason).toBe('line 2 does not begin a block');
  });

  it('reports an instruction that overlaps one applied before it', () => {
    const result = applyInstructions(BASE, [strikeAndInsert(1, 'four', 'five'), strikeAndInsert(1, 'four', 'six')]);
    expect(result.failures).toMatchObject([{ index: 1, reason: 'it overlaps an earlier instruction' }]);
    expect(result.blocks[0].text).toContain('five delegations');
  });

  it('finds a stale instruction out when the base was revised', () => {
    const v1 = [p('The League shall send four delegations.')];
    const v2 = [p('The League shall send three delegations.')];
    const instructions = amendmentInstructions(diffBlocks(v1, [p('The League shall send five delegations.')]), numberLines(v1));
    expect(applyInstructions(v2, instructions).failures).toHaveLength(1);
  });

  it('resolves an instruction to the edits it makes', () => {
    expect(resolveInstruction(strikeAndInsert(1, 'four', 'five'), numberLines(BASE))).toEqual({ ok: true, edits: [{ type: 'text', block: 0, from: 37, to: 41, insert: 'five' }] });
  });
});

import { describe, expect, it } from 'vitest';
import { resolutionSchema } from '../schema';
import { blocksFromProseMirror, type PMNodeJSON } from '../text';
import { contentKeepingBase } from './base-content';

const text = (value: string, marks?: string[]): PMNodeJSON => (marks ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value });
const BASE: PMNodeJSON = {
  type: 'doc',
  content: [
    { type: 'title', content: [text('Workplace Organising')] },
    { type: 'whereas', content: [text('Whereas members work for a '), text('wage', ['em']), text(';')] },
    { type: 'bullet_list', content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [text('one')] }] }, { type: 'list_item', content: [{ type: 'paragraph', content: [text('two', ['strong'])] }] }] },
    { type: 'resolved', content: [text('Resolved, that we '), text('organise', ['strong']), text('.')] },
  ],
};

describe('an amended text keeps the base where it stayed', () => {
  it("reuses untouched blocks with their marks, builds changed ones plainly, and rebuilds a list one of whose items changed", () => {
    const baseBlocks = blocksFromProseMirror(BASE);
    const amended = [baseBlocks[0], baseBlocks[1], baseBlocks[2], { kind: 'bullet' as const, text: 'three', level: 0 }, { kind: 'resolved' as const, text: 'Resolved, that we win.' }];
    const content = contentKeepingBase(BASE, baseBlocks, amended);
    resolutionSchema.nodeFromJSON(content).check();
    expect(content.content![1]).toBe(BASE.content![1]);
    expect(blocksFromProseMirror(content)).toEqual(amended);
    expect(JSON.stringify(content.content![3])).toBe(JSON.stringify({ type: 'resolved', content: [text('Resolved, that we win.')] }));
  });

  it('keeps a list whose items all stayed, marks and all', () => {
    const baseBlocks = blocksFromProseMirror(BASE);
    const content = contentKeepingBase(BASE, baseBlocks, baseBlocks.slice(0, 4));
    expect(content.content).toEqual(BASE.content!.slice(0, 3));
  });
});

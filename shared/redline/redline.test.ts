import { describe, expect, it } from 'vitest';
import { buildRedline, joinSegments, type RedlineSegment } from './redline';
import { heading, p, resolved, title } from './test-builders';

/** A line's segments written compactly: "=kept", "-struck", "+inserted". */
const show = (segments: readonly Pick<RedlineSegment, 'type' | 'text'>[]) => segments.map((s) => (s.type === 'equal' ? '=' : s.type === 'delete' ? '-' : '+') + s.text).join('');

describe('the redline structure', () => {
  const base = [title('Peace'), p('aaa bbb ccc ddd eee fff'), p('Gone clause.'), p('Kept.')];
  const amended = [title('Peace'), p('aaa bbb XXX ddd eee fff'), p('Kept.'), p('New clause.')];
  const redline = buildRedline(base, amended, 12);

  it('gives every block its status and kind', () => {
    expect(redline.blocks.map((b) => [b.status, b.kind])).toEqual([
      ['equal', 'title'],
      ['modified', 'paragraph'],
      ['deleted', 'paragraph'],
      ['equal', 'paragraph'],
      ['inserted', 'paragraph'],
    ]);
  });

  it('numbers inline lines by the base, with struck and inserted text in place', () => {
    const modified = redline.blocks[1];
    expect(modified.lines.map((l) => [l.baseLine, show(l.segments)])).toEqual([
      [2, '=aaa bbb -ccc+XXX= '],
      [3, '=ddd eee fff'],
    ]);
  });

  it('gives each segment its base line and its amended line', () => {
    const [, , deleted, , inserted] = redline.blocks;
    expect(deleted.lines[0].segments).toEqual([{ type: 'delete', text: 'Gone clause.', baseLine: 4, amendedLine: null }]);
    expect(inserted.lines[0]).toEqual({ baseLine: null, amendedLine: 5, segments: [{ type: 'insert', text: 'New clause.', baseLine: null, amendedLine: 5 }] });
    expect(redline.blocks[3].lines[0].segments[0]).toMatchObject({ type: 'equal', baseLine: 5, amendedLine: 4 });
  });

  it('lays out base lines beside amended lines, side by side', () => {
    expect(redline.rows.map((r) => [r.left?.number ?? null, r.right?.number ?? null])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, null],
      [5, 4],
      [null, 5],
    ]);
    expect(show(redline.rows[1].left!.segments)).toBe('=aaa bbb -ccc= ');
    expect(show(redline.rows[1].right!.segments)).toBe('=aaa bbb +XXX= ');
  });

  it('keeps the whole document as one segment list as well', () => {
    expect(show(redline.segments)).toBe('=Peace\naaa bbb -ccc+XXX= ddd eee fff-\nGone clause.=\nKept.+\nNew clause.');
  });

  it('keeps inserted text on the line of the text it replaces', () => {
    const wrapped = buildRedline([p('aaa bbb ccc ddd')], [p('aaa bbb ccc eee')], 12);
    expect(wrapped.blocks[0].lines.map((l) => [l.baseLine, show(l.segments)])).toEqual([
      [1, '=aaa bbb ccc '],
      [2, '-ddd+eee'],
    ]);
  });

  it('marks a moved clause at both ends with the lines of the other end', () => {
    const alpha = resolved('Resolved, on the budget of the term.');
    const beta = resolved('Resolved, on delegations abroad.');
    const moved = buildRedline([alpha, beta], [beta, alpha]);
    const from = moved.blocks.find((b) => b.status === 'deleted')!;
    const to = moved.blocks.find((b) => b.status === 'inserted')!;
    expect(from.movedTo).toEqual({ fromLine: 2, toLine: 2 });
    expect(to.movedFrom).toEqual({ fromLine: 1, toLine: 1 });
  });

  it('notes the old kind of a block whose kind changed', () => {
    expect(buildRedline([p('Principles')], [heading('Principles', 3)]).blocks[0]).toMatchObject({ status: 'modified', kind: 'heading', level: 3, baseKind: 'paragraph' });
  });

  it('shows identical texts as equal blocks, and an empty base as inserted ones', () => {
    expect(buildRedline([p('Same.')], [p('Same.')]).blocks.map((b) => b.status)).toEqual(['equal']);
    expect(buildRedline([], [p('New.')]).blocks.map((b) => b.status)).toEqual(['inserted']);
    expect(buildRedline([], []).rows).toEqual([]);
  });
});

describe('segments as renderers show them', () => {
  it('join neighbours of one type, which only the amended text’s line breaks had cut', () => {
    const wrapped = buildRedline([p('aaa bbb')], [p('aaa new words here bbb')], 10);
    const line = wrapped.blocks[0].lines[0];
    expect(line.segments.filter((s) => s.type === 'insert').length).toBeGreaterThan(1);
    expect(show(joinSegments(line.segments))).toBe('=aaa +new words here =bbb');
  });
});

import { describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../client/api-types';
import { countDocuments, filterGroups, groupDocuments } from '../../client/views/document-tree';

/** The document list's grouping rules (client/views/document-tree.ts), without a browser. */

let counter = 0;
function doc(fields: Partial<DocumentSummary> & Pick<DocumentSummary, 'kind'>): DocumentSummary {
  counter += 1;
  return {
    id: `d${counter}`,
    code: null,
    title: `Text ${counter}`,
    status: 'draft',
    baseId: null,
    baseVersion: null,
    caucusId: null,
    caucusName: null,
    rationale: '',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    canEdit: false,
    ...fields,
  };
}

describe('document list grouping', () => {
  const cr = doc({ kind: 'consensus', code: 'CR02', status: 'submitted' });
  const r10 = doc({ kind: 'resolution', code: 'R10', status: 'submitted' });
  const r2 = doc({ kind: 'resolution', code: 'R2', status: 'submitted' });
  const a3 = doc({ kind: 'amendment', code: 'CR02-A03', baseId: cr.id, baseVersion: 1, caucusName: 'Lantern Caucus' });
  const a1 = doc({ kind: 'amendment', code: 'CR02-A01', baseId: cr.id, baseVersion: 1 });
  const secondary = doc({ kind: 'amendment', code: 'CR02-A01-S01', baseId: a1.id });
  const draft = doc({ kind: 'amendment', baseId: cr.id, title: 'A draft', canEdit: true });
  const orphan = doc({ kind: 'amendment', code: 'R99-A01', baseId: 'not-visible' });
  const groups = groupDocuments([a3, r10, secondary, orphan, cr, draft, a1, r2]);

  it('groups by kind in the order consensus texts, resolutions, other amendments', () => {
    expect(groups.map((group) => group.kind)).toEqual(['consensus', 'resolution', 'amendment']);
    expect(groups[2].nodes.map((node) => node.document.code)).toEqual(['R99-A01']);
  });

  it('puts amendments under their base in code order, drafts last, secondary amendments under theirs', () => {
    const [consensus] = groups[0].nodes;
    expect(consensus.amendments.map((node) => node.document.code ?? node.document.title)).toEqual(['CR02-A01', 'CR02-A03', 'A draft']);
    expect(consensus.amendments[0].amendments.map((node) => node.document.code)).toEqual(['CR02-A01-S01']);
  });

  it('orders codes numerically (R2 before R10)', () => {
    expect(groups[1].nodes.map((node) => node.document.code)).toEqual(['R2', 'R10']);
  });

  it('counts every document, amendments included', () => {
    expect(countDocuments(groups)).toBe(8);
  });

  it('filters by code, title, caucus or status and keeps a match’s base as context', () => {
    const lantern = filterGroups(groups, 'lantern');
    expect(lantern).toHaveLength(1);
    expect(lantern[0].nodes[0].document.code).toBe('CR02');
    expect(lantern[0].nodes[0].amendments.map((node) => node.document.code)).toEqual(['CR02-A03']);
    expect(countDocuments(filterGroups(groups, 's01'))).toBe(3);
    expect(filterGroups(groups, 'nothing like this')).toEqual([]);
    expect(countDocuments(filterGroups(groups, '  '))).toBe(8);
  });

  it('breaks a cycle of bases instead of looping', () => {
    const x = doc({ kind: 'amendment', code: 'X', baseId: 'cycle-b' });
    const y = { ...doc({ kind: 'amendment', code: 'Y', baseId: x.id }), id: 'cycle-b' };
    expect(countDocuments(groupDocuments([x, y]))).toBe(2);
  });
});

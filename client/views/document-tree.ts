import type { DocumentKind, DocumentSummary } from '../api-types';

/** A document with the amendments made to it (and theirs, for secondary amendments). */
export interface DocumentNode {
  document: DocumentSummary;
  amendments: DocumentNode[];
}

/** One section of the document list. */
export interface DocumentGroup {
  /** `consensus`, `resolution`, or `amendment` for amendments whose base the caller cannot see. */
  kind: DocumentKind;
  nodes: DocumentNode[];
}

const GROUP_ORDER: DocumentKind[] = ['consensus', 'resolution', 'amendment'];
const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Coded texts first in code order (`R2` before `R10`), then drafts by title. */
export function compareDocuments(a: DocumentSummary, b: DocumentSummary): number {
  if (a.code && b.code) return COLLATOR.compare(a.code, b.code);
  if (a.code) return -1;
  if (b.code) return 1;
  return COLLATOR.compare(a.title, b.title);
}

/**
 * Groups documents by kind with each amendment under its base, recursively, so
 * secondary amendments sit under the amendment they amend. An amendment whose
 * base is not in the list (not visible to the caller) goes to the `amendment`
 * group on its own. Empty groups are left out. A cycle of bases (which the
 * server should never produce) is broken rather than looping.
 */
export function groupDocuments(documents: readonly DocumentSummary[]): DocumentGroup[] {
  const byId = new Map(documents.map((doc) => [doc.id, doc]));
  const nodes = new Map(documents.map((doc) => [doc.id, { document: doc, amendments: [] as DocumentNode[] }]));
  const roots: DocumentNode[] = [];
  for (const doc of documents) {
    const node = nodes.get(doc.id)!;
    const parent = doc.baseId ? nodes.get(doc.baseId) : undefined;
    if (parent && !hasAncestor(byId, doc.baseId!, doc.id)) parent.amendments.push(node);
    else roots.push(node);
  }
  const sortTree = (list: DocumentNode[]) => {
    list.sort((a, b) => compareDocuments(a.document, b.document));
    for (const node of list) sortTree(node.amendments);
  };
  sortTree(roots);
  return GROUP_ORDER.map((kind) => ({ kind, nodes: roots.filter((node) => node.document.kind === kind) })).filter(
    (group) => group.nodes.length > 0,
  );
}

/** True when walking bases up from `startId` reaches `targetId` (a cycle). */
function hasAncestor(byId: Map<string, DocumentSummary>, startId: string, targetId: string): boolean {
  const seen = new Set<string>();
  let current: string | null = startId;
  while (current && !seen.has(current)) {
    if (current === targetId) return true;
    seen.add(current);
    current = byId.get(current)?.baseId ?? null;
  }
  return false;
}

/** Whether a document's code, title, caucus or status contains every word of `query`. */
export function matchesFilter(doc: DocumentSummary, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [doc.code ?? 'draft', doc.title, doc.caucusName ?? '', doc.status, doc.kind].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * Keeps the nodes that match `query` or have a matching amendment (shown as
 * context for it). Returns new groups; the input is not changed.
 */
export function filterGroups(groups: readonly DocumentGroup[], query: string): DocumentGroup[] {
  const prune = (list: readonly DocumentNode[]): DocumentNode[] =>
    list.flatMap((node) => {
      const amendments = prune(node.amendments);
      return matchesFilter(node.document, query) || amendments.length > 0 ? [{ document: node.document, amendments }] : [];
    });
  return groups.map((group) => ({ kind: group.kind, nodes: prune(group.nodes) })).filter((group) => group.nodes.length > 0);
}

/** How many documents a set of groups holds, amendments included. */
export function countDocuments(groups: readonly DocumentGroup[]): number {
  const count = (list: readonly DocumentNode[]): number => list.reduce((sum, node) => sum + 1 + count(node.amendments), 0);
  return groups.reduce((sum, group) => sum + count(group.nodes), 0);
}

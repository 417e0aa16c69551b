/**
 * The editor's lead words ("Whereas", "Resolved", "Be it further resolved" in
 * small capitals) are worked out again only for the blocks a change touches.
 * After any run of edits, as ProseMirror transactions make them (typing anywhere,
 * in or before a lead word, deleting across blocks, splitting, changing a block's
 * kind, replacing blocks), they must be exactly what working out the whole
 * text afresh gives.
 */
import fc from 'fast-check';
import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model';
import { EditorState, type Transaction } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { leadWordsKey, leadWordsOf, leadWordsPlugin } from '../client/editor/lead-words';
import { resolutionSchema as schema } from '../shared/schema';

const WORDS = ['Whereas', 'whereas,', 'Resolved', 'resolved,', 'Therefore,', 'be', 'it', 'further', 'the', 'League', 'shall', '  '];
const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((words) => words.join(' '));
const KINDS = ['paragraph', 'whereas', 'resolved'] as const;
const block = fc.tuple(fc.constantFrom(...KINDS), text).map(([kind, t]) => schema.nodes[kind].create(null, t ? [schema.text(t)] : []));

type Edit =
  | { op: 'type'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'split'; at: number }
  | { op: 'kind'; at: number; kind: (typeof KINDS)[number] }
  | { op: 'replace'; at: number; block: PMNode }
  | { op: 'remote'; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('a', ' ', 'Whereas ', 'Resolved, ', 'd', 'x') }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('split' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('kind' as const), at: fc.nat(), kind: fc.constantFrom(...KINDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), block }) },
  // A collaborator's edit as y-prosemirror applies it: the whole content replaced by its new version.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remote' as const), at: fc.nat(), text: fc.constantFrom('a', 'Whereas ', 'Resolved, ') }) },
);

/** A text position inside some textblock of the body (after the title), picked by `at`. */
function textPosition(doc: PMNode, at: number): number | null {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock && node.type.name !== 'title') for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i);
    return !node.isTextblock;
  });
  return positions.length ? positions[at % positions.length] : null;
}

/** Adds the step(s) `change` makes to `tr`, as the editor's commands and typing would; false when it cannot apply here. */
function addEdit(tr: Transaction, change: Edit): boolean {
  const { doc } = tr;
  const at = textPosition(doc, change.at);
  if (at === null) return false;
  try {
    if (change.op === 'type') tr.insertText(change.text, at);
    else if (change.op === 'remote') {
      const edited = doc.replace(at, at, new Slice(Fragment.from(schema.text(change.text)), 0, 0));
      tr.replace(0, doc.content.size, new Slice(edited.content, 0, 0));
    }
    else if (change.op === 'delete') {
      const end = textPosition(doc, change.at + change.length) ?? at;
      tr.delete(Math.min(at, end), Math.max(at, end));
    } else if (change.op === 'split') tr.split(at);
    else if (change.op === 'kind') tr.setBlockType(at, at, schema.nodes[change.kind]);
    else {
      const $at = doc.resolve(at);
      tr.replaceWith($at.before(1), $at.after(1), change.block);
    }
    return true;
  } catch {
    return false;
  }
}

const shown = (set: DecorationSet) =>
  set
    .find()
    .map((decoration) => `${decoration.from}-${decoration.to}`)
    .sort();

describe('lead words while editing', () => {
  it('are after every change what the whole text afresh gives', () => {
    fc.assert(
      // A transaction of several steps too, as a collaborator's edits arrive (y-prosemirror applies them as one).
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 20 }), (blocks, transactions) => {
        const doc = schema.nodes.doc.create(null, [schema.nodes.title.create(null, schema.text('On lead words')), ...blocks]);
        let state = EditorState.create({ schema, doc, plugins: [leadWordsPlugin()] });
        for (const changes of transactions) {
          const tr = state.tr;
          for (const change of changes) addEdit(tr, change);
          if (!tr.docChanged) continue;
          state = state.apply(tr);
          expect(shown(leadWordsKey.getState(state)!)).toEqual(shown(leadWordsOf(state.doc)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('mark the lead word of each clause, and only of clauses', () => {
    const doc = schema.nodes.doc.create(null, [
      schema.nodes.title.create(null, schema.text('Whereas in a title')),
      schema.nodes.whereas.create(null, schema.text('Whereas the League meets')),
      schema.nodes.resolved.create(null, schema.text('Therefore, be it further resolved, that it meets')),
      schema.nodes.paragraph.create(null, schema.text('Resolved in a plain paragraph')),
    ]);
    const state = EditorState.create({ schema, doc, plugins: [leadWordsPlugin()] });
    const words = leadWordsKey
      .getState(state)!
      .find()
      .map((decoration) => state.doc.textBetween(decoration.from, decoration.to));
    expect(words.sort()).toEqual(['Therefore, be it further resolved', 'Whereas']);
  });
});

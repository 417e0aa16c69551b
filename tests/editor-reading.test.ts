/**
 * What the editor reads from its document after every change, read node by
 * node (only the nodes a change replaced are read again) must be what reading
 * the whole document gives: the blocks that line numbering and the live
 * redline work on (`editorBlocks`), and the word count (`countDocumentWords`).
 */
import fc from 'fast-check';
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { countDocumentWords, countWords } from '../client/editor/about-panel';
import type { TextSurface } from '../client/editor/extensions';
import { editorBlocks } from '../client/editor/live-redline';
import { resolutionSchema as schema } from '../shared/schema';
import { blocksFromProseMirror, type PMNodeJSON } from '../shared/text';

const WORDS = ['the', 'League', 'shall', 'anti-war', '—', '1,000', 'café', '中文', '😀', '  ', ',', ''];
const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((words) => words.join(' '));
const inline = (t: string) => (t === '' ? [] : [schema.text(t)]);
const withBreak = fc.tuple(text, text).map(([a, b]) => [...inline(a), schema.nodes.hard_break.create(), ...inline(b)]);
const content = fc.oneof({ weight: 4, arbitrary: text.map(inline) }, { weight: 1, arbitrary: withBreak });
const textblock = fc.tuple(fc.constantFrom('paragraph', 'whereas', 'resolved', 'heading'), content).map(([type, children]) =>
  schema.nodes[type].create(type === 'heading' ? { level: 3 } : null, children),
);
const list: fc.Arbitrary<PMNode> = fc.tuple(fc.constantFrom('bullet_list', 'ordered_list'), fc.array(content, { minLength: 1, maxLength: 3 })).map(([type, items]) =>
  schema.nodes[type].create(null, items.map((children) => schema.nodes.list_item.create(null, schema.nodes.paragraph.create(null, children)))),
);
const block = fc.oneof({ weight: 4, arbitrary: textblock }, { weight: 1, arbitrary: list });
const documentOf = (title: string, blocks: PMNode[]) => schema.nodes.doc.create(null, [schema.nodes.title.create(null, inline(title)), ...blocks]);
const surface = (doc: PMNode) => ({ state: { doc } }) as unknown as TextSurface;

type Edit = { op: 'type'; at: number; text: string } | { op: 'replace'; at: number; block: PMNode } | { op: 'delete'; at: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('a', ' ', ' shall', '—') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), block }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
);

/** `doc` after `change`: every node it does not touch is the same object, as in a ProseMirror transaction. */
function applyEdit(doc: PMNode, change: Edit): PMNode {
  const children: PMNode[] = [];
  doc.forEach((child) => children.push(child));
  const i = 1 + (change.at % Math.max(1, children.length - 1));
  const target = children[i];
  if (!target) return doc;
  if (change.op === 'delete' && children.length > 2) children.splice(i, 1);
  if (change.op === 'replace') children[i] = change.block;
  if (change.op === 'type' && target.isTextblock) children[i] = target.copy(target.content.append(Fragment.from(schema.text(change.text))));
  return doc.copy(Fragment.fromArray(children));
}

describe('what the editor reads after each change', () => {
  it('reads the same blocks and counts the same words node by node as from the whole document', () => {
    fc.assert(
      fc.property(text, fc.array(block, { minLength: 1, maxLength: 8 }), fc.array(edit, { maxLength: 20 }), (title, blocks, edits) => {
        let doc = documentOf(title, blocks);
        for (const change of [null, ...edits]) {
          if (change) doc = applyEdit(doc, change);
          expect(editorBlocks(surface(doc))).toEqual(blocksFromProseMirror(doc.toJSON() as PMNodeJSON));
          expect(countDocumentWords(doc)).toBe(countWords(doc.textBetween(0, doc.content.size, ' ', ' ')));
        }
      }),
      { numRuns: 300 },
    );
  });
});

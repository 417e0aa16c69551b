import * as Y from 'yjs';
import { prosemirrorJSONToYDoc, updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { PROSEMIRROR_FRAGMENT, resolutionSchema } from '../../shared/schema';
import { blocksFromProseMirror, proseMirrorFromBlocks, type PMNodeJSON, type TextBlock } from '../../shared/text';

/** A document's content as ProseMirror JSON (an empty doc reads as a title and one empty paragraph). */
export function proseMirrorJSONOf(doc: Y.Doc): PMNodeJSON {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(PROSEMIRROR_FRAGMENT)) as PMNodeJSON;
  if (!json.content || json.content.length === 0) return proseMirrorFromBlocks([]);
  return json;
}

/** A document's content as text blocks. */
export function blocksOf(doc: Y.Doc): TextBlock[] {
  return blocksFromProseMirror(proseMirrorJSONOf(doc));
}

/** The title typed in the document: the text of its first (title) element. Cheap: reads one element. */
export function titleOf(doc: Y.Doc): string {
  const first = doc.getXmlFragment(PROSEMIRROR_FRAGMENT).get(0);
  if (!(first instanceof Y.XmlElement) || first.nodeName !== 'title') return '';
  let title = '';
  for (const child of first.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown }[]) if (typeof op.insert === 'string') title += op.insert;
    }
  }
  return title;
}

/**
 * The Yjs update that creates this content in an empty document. The JSON is
 * checked against the resolution schema first; invalid content throws RangeError.
 */
export function updateFromProseMirrorJSON(json: PMNodeJSON): Uint8Array {
  resolutionSchema.nodeFromJSON(json).check();
  const doc = prosemirrorJSONToYDoc(resolutionSchema, json, PROSEMIRROR_FRAGMENT);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** The Yjs update that creates a text from blocks. */
export function updateFromBlocks(blocks: readonly TextBlock[]): Uint8Array {
  return updateFromProseMirrorJSON(proseMirrorFromBlocks(blocks));
}

/**
 * Rewrites a document's content to `json` in place, as the editor would: only
 * what differs is changed, so open editors keep their cursors on text that
 * stayed. Runs in one Yjs transaction with `origin`. Invalid content throws
 * RangeError before anything changes.
 */
export function replaceContent(doc: Y.Doc, json: PMNodeJSON, origin: unknown): void {
  const node = resolutionSchema.nodeFromJSON(json);
  node.check();
  doc.transact(() => {
    updateYFragment(doc, doc.getXmlFragment(PROSEMIRROR_FRAGMENT), node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}

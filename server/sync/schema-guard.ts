import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT, resolutionSchema } from '../../shared/schema';

/**
 * Keeps a text what the editor can show: checks a Yjs update, before it is
 * applied, for anything the resolution schema does not know. It looks only at
 * the update's own structs (one pass over what `Y.decodeUpdate` already read),
 * never at the whole document, so a keystroke costs a few property checks.
 *
 * Refused: a root type other than the ProseMirror fragment; an element whose
 * name is not a node of the schema; any other shared type (maps, arrays, plain
 * text, hooks, sub-documents); embeds, JSON and binary content; an attribute
 * that no node of the schema has (`onclick`, `style`, ...), or one whose value
 * is not a number (the schema's attributes, heading `level` and list `order`,
 * are numbers); a format (mark) the schema does not know.
 *
 * Not checked here: which node may sit inside which (a paragraph inside a
 * title); ProseMirror's own `check()` meets that where text is read.
 */

/** Element names the editor writes: every node of the schema but the document and text. */
const NODE_NAMES: ReadonlySet<string> = new Set(Object.keys(resolutionSchema.nodes).filter((name) => name !== 'doc' && name !== 'text'));
/** Attribute keys of the schema's nodes. */
const ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(Object.values(resolutionSchema.nodes).flatMap((type) => Object.keys(type.spec.attrs ?? {})));
/** Mark names: y-prosemirror writes a mark as a Yjs format with its name as key. */
const MARK_NAMES: ReadonlySet<string> = new Set(Object.keys(resolutionSchema.marks));
/** How far the guard follows an item's left or right neighbours to learn whether it is an attribute or a child. */
const MAX_NEIGHBOUR_HOPS = 64;

/** Why an update was refused, or null when it holds nothing unknown. */
export type SchemaViolation = string | null;

/**
 * Finds the first thing in a decoded update that the schema does not know (see
 * the file comment), or null. `doc` is the document the update is for: it is
 * read (never changed) to learn whether an item that names only its neighbour
 * is an attribute value or a child.
 */
export function schemaViolation(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[]): SchemaViolation {
  const items = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = items.get(struct.id.client) ?? [];
    list.push(struct);
    items.set(struct.id.client, list);
  }
  const find = (id: Y.ID): Y.Item | null => {
    const own = items.get(id.client)?.find((item) => id.clock >= item.id.clock && id.clock < item.id.clock + item.length);
    if (own) return own;
    try {
      const found = Y.getItem(doc.store, id);
      return found instanceof Y.Item ? found : null;
    } catch {
      return null;
    }
  };
  /** An attribute key, '' for a child of a list, or null when the neighbours are not known yet. */
  const placeOf = (item: Y.Item): string | null => {
    let current: Y.Item | null = item;
    for (let hop = 0; current && hop < MAX_NEIGHBOUR_HOPS; hop++) {
      if (current.parentSub !== null) return current.parentSub;
      if (current.parent !== null) return '';
      const neighbour: Y.ID | null = current.origin ?? current.rightOrigin;
      current = neighbour ? find(neighbour) : null;
    }
    return null;
  };

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (typeof struct.parent === 'string' && struct.parent !== PROSEMIRROR_FRAGMENT) return `unknown root type "${struct.parent}"`;
    if (struct.parentSub !== null && !ATTRIBUTE_KEYS.has(struct.parentSub)) return `unknown attribute "${struct.parentSub}"`;
    const content = struct.content;
    if (content instanceof Y.ContentString || content instanceof Y.ContentDeleted) continue;
    if (content instanceof Y.ContentFormat) {
      if (!MARK_NAMES.has(content.key)) return `unknown mark "${content.key}"`;
      continue;
    }
    if (content instanceof Y.ContentType) {
      const type = content.type;
      if (type instanceof Y.XmlText) continue;
      if (type instanceof Y.XmlElement && !(type instanceof Y.XmlHook)) {
        if (!NODE_NAMES.has(type.nodeName)) return `unknown element "${type.nodeName}"`;
        continue;
      }
      return 'a shared type the editor does not use';
    }
    if (content instanceof Y.ContentAny) {
      const place = placeOf(struct);
      if (place === null || place === '') return 'a value where the editor puts only elements and text';
      if (!content.arr.every((value) => typeof value === 'number' || value === null)) return `attribute "${place}" is not a number`;
      continue;
    }
    return 'embedded content the editor does not use';
  }
  return null;
}

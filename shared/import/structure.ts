import { DOMParser as SchemaDOMParser, Fragment, Slice, type Node as PMNode, type Mark } from 'prosemirror-model';
import { resolutionSchema } from '../schema';
import { clauseKind } from '../text';
import { cleanHtml, droppedWarnings, type CleanMode } from './clean-html';

/**
 * The structure rules that import and paste share: after the HTML is cleaned
 * (`cleanHtml`) and read by the schema's own DOM parser, every top-level
 * paragraph that opens with "Whereas" becomes a `whereas` clause and every one
 * that opens with "Resolved", "Be it resolved" or "Be it further resolved" (a
 * leading "Therefore," allowed) a `resolved` clause. The lead word loses any
 * bold or italic of its own: the editor sets it in small capitals itself
 * (`client/editor/lead-words.ts`), as printed resolutions do.
 *
 * Paragraphs inside lists stay paragraphs (a list item is not a clause).
 */

const LEAD_WORD = /^\s*(?:therefore,?\s+)?(?:be it (?:further )?)?(?:whereas|resolved)\b/i;

/** The clause a top-level paragraph is, by its lead word, with the lead word's own marks removed. */
function asClause(node: PMNode): PMNode {
  if (node.type.name !== 'paragraph') return node;
  const kind = clauseKind(node.textContent.trimStart());
  if (kind !== 'whereas' && kind !== 'resolved') return node;
  const lead = LEAD_WORD.exec(node.textContent)?.[0].length ?? 0;
  const children: PMNode[] = [];
  let offset = 0;
  node.content.forEach((child) => {
    const end = offset + child.nodeSize;
    if (child.isText && offset < lead && child.marks.length > 0) {
      const text = child.text ?? '';
      const cut = Math.min(text.length, lead - offset);
      children.push(resolutionSchema.text(text.slice(0, cut)));
      if (cut < text.length) children.push(resolutionSchema.text(text.slice(cut), child.marks as Mark[]));
    } else {
      children.push(child);
    }
    offset = end;
  });
  const trimmed = trimLeading(children);
  return resolutionSchema.nodes[kind].create(null, Fragment.from(trimmed));
}

/** Drops the leading spaces a converted paragraph may start with (its first text node's). */
function trimLeading(children: PMNode[]): PMNode[] {
  const first = children[0];
  if (!first?.isText) return children;
  const text = (first.text ?? '').replace(/^\s+/, '');
  if (text === first.text) return children;
  return text === '' ? children.slice(1) : [resolutionSchema.text(text, first.marks), ...children.slice(1)];
}

/** Applies the clause rule to each top-level block of a fragment. */
export function structureFragment(fragment: Fragment): Fragment {
  const blocks: PMNode[] = [];
  fragment.forEach((node) => blocks.push(asClause(node)));
  return Fragment.from(blocks);
}

/** Applies the clause rule to a whole document (its title is left alone). */
export function structureDocument(doc: PMNode): PMNode {
  return doc.copy(structureFragment(doc.content));
}

/** Blocks pasted whole rather than run into the paragraph at the cursor. */
const CLOSED_WHEN_PASTED = new Set(['whereas', 'resolved', 'heading', 'bullet_list', 'ordered_list']);

/**
 * Applies the clause rule to a pasted slice. An edge block that is a clause,
 * heading or list is closed, so it is pasted as the block
 * it is instead of running into the paragraph at the cursor; plain paragraphs
 * at the edges stay open and join the text around them, as any paste does.
 */
export function structureSlice(slice: Slice): Slice {
  const content = structureFragment(slice.content);
  if (content.childCount === 0) return slice;
  const keepsOpen = (node: PMNode | null) => !node || !CLOSED_WHEN_PASTED.has(node.type.name);
  return new Slice(content, keepsOpen(content.firstChild) ? slice.openStart : 0, keepsOpen(content.lastChild) ? slice.openEnd : 0);
}

/** A text read from HTML: the document, and what was left out (in words for the user). */
export interface ReadText {
  doc: PMNode;
  warnings: string[];
}

/**
 * Reads a whole text from HTML: cleans `root` in place (import mode: the
 * title is found and put first), parses it with the schema's DOM parser and
 * applies the clause rules. `root` is a DOM element, usually a body, from the
 * browser or from a server-side DOM such as linkedom. A text with no title
 * gets an empty title block.
 */
export function readHtmlText(root: Element): ReadText {
  const dropped = cleanHtml(root, 'import');
  const doc = SchemaDOMParser.fromSchema(resolutionSchema).parse(root);
  return { doc: structureDocument(doc), warnings: droppedWarnings(dropped) };
}

/** Cleans pasted HTML (a string) with the browser's (or any) DOM parser, for `transformPastedHTML`. */
export function cleanPastedHtml(html: string, parse: (html: string) => Document): string {
  const dom = parse(html);
  cleanHtml(dom.body, 'paste' satisfies CleanMode);
  return dom.body.innerHTML;
}

import { DOMSerializer, type Node as PMNode } from 'prosemirror-model';
import { resolutionSchema } from '../../shared/schema';
import { leadWordLength } from '../editor/lead-pattern';
import type { TextSurface } from '../editor/extensions';

/**
 * A published version shown for reading, without the editor: the version's
 * ProseMirror JSON rendered once by the schema's own `toDOM` (the very markup
 * the editor draws, with the same classes), so the reader's chunk carries
 * prosemirror-model only, not prosemirror-view, prosemirror-state, Yjs or
 * y-prosemirror. A published version never changes, so there is nothing to
 * keep in step.
 *
 * It offers what the Text page's extensions read from a text (`TextSurface`):
 * the document, its element, and the element of each textblock.
 */

/** The HTML tags textblocks render as (title, heading, paragraph, clauses, list paragraphs); nothing else renders as one. */
const TEXTBLOCK_TAGS = 'h1, h2, h3, h4, p';

/** The text node that starts `element`'s text, or null. */
function firstTextNode(element: HTMLElement): Text | null {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  return walker.nextNode() as Text | null;
}

/** Sets the lead word of a clause in small capitals (`pl-lead`), as the editor's decoration does. */
function markLeadWord(node: PMNode, element: HTMLElement): void {
  const length = node.firstChild?.isText ? leadWordLength(node.type.name, node.firstChild.text ?? '') : 0;
  if (length === 0) return;
  const text = firstTextNode(element);
  if (!text || text.data.length < length) return;
  text.splitText(length);
  const lead = element.ownerDocument.createElement('span');
  lead.className = 'pl-lead';
  text.replaceWith(lead);
  lead.appendChild(text);
}

/** A read-only text drawn from ProseMirror JSON. */
export class StaticText implements TextSurface {
  readonly state: { readonly doc: PMNode };
  readonly dom: HTMLElement;
  readonly editable = false;
  private readonly blocksByPos = new Map<number, HTMLElement>();

  /**
   * Renders `content` (a version's ProseMirror JSON) into `mount`, labelled
   * `label` for screen readers. Throws `RangeError` when the JSON does not fit
   * the schema (a server bug, never a reader's input).
   */
  constructor(mount: HTMLElement, content: unknown, label: string) {
    const doc = resolutionSchema.nodeFromJSON(content);
    this.state = { doc };
    const dom = mount.ownerDocument.createElement('div');
    dom.className = 'ProseMirror pl-doc pl-doc--readonly';
    for (const [name, value] of Object.entries({ contenteditable: 'false', role: 'textbox', 'aria-multiline': 'true', 'aria-readonly': 'true', 'aria-label': label })) {
      dom.setAttribute(name, value);
    }
    dom.appendChild(DOMSerializer.fromSchema(resolutionSchema).serializeFragment(doc.content, { document: mount.ownerDocument }));
    const elements = [...dom.querySelectorAll<HTMLElement>(TEXTBLOCK_TAGS)];
    let index = 0;
    doc.descendants((node, pos) => {
      if (!node.isTextblock) return true;
      const element = elements[index++];
      if (element) {
        this.blocksByPos.set(pos, element);
        if (node.type.name === 'whereas' || node.type.name === 'resolved') markLeadWord(node, element);
      }
      return false;
    });
    mount.appendChild(dom);
    this.dom = dom;
  }

  /** The element of the textblock at `pos` (as `EditorView.nodeDOM`), or null for any other position. */
  nodeDOM(pos: number): globalThis.Node | null {
    return this.blocksByPos.get(pos) ?? null;
  }

  /** Removes the text from the page. */
  destroy(): void {
    this.dom.remove();
  }
}

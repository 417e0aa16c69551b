import { Schema, type NodeSpec, type MarkSpec } from 'prosemirror-model';

/**
 * The ProseMirror schema of a convention text. The editor in `client/` and the
 * server (seeding, versions, exports) both build documents from this one schema,
 * so a text means the same thing everywhere.
 *
 * A text is a title followed by blocks: headings, paragraphs, preamble clauses
 * ("Whereas ..."), resolved clauses ("Resolved, ...") and lists. A clause keeps
 * its lead word in its text, so line numbers, redlines and instructions count it
 * like any other word.
 */
// Order matters: the first block type (paragraph) is what Enter and createAndFill make.
const nodes: Record<string, NodeSpec> = {
  doc: { content: 'title block+' },
  title: {
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h1' }],
    toDOM: () => ['h1', { class: 'pl-title' }, 0],
  },
  paragraph: {
    group: 'block',
    content: 'inline*',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },
  heading: {
    group: 'block',
    content: 'inline*',
    attrs: { level: { default: 2, validate: 'number' } },
    defining: true,
    parseDOM: [
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 4 } },
    ],
    toDOM: (node) => [`h${node.attrs.level}`, { class: 'pl-heading' }, 0],
  },
  whereas: {
    group: 'block',
    content: 'inline*',
    parseDOM: [{ tag: 'p.pl-whereas', priority: 60 }],
    toDOM: () => ['p', { class: 'pl-whereas' }, 0],
  },
  resolved: {
    group: 'block',
    content: 'inline*',
    parseDOM: [{ tag: 'p.pl-resolved', priority: 60 }],
    toDOM: () => ['p', { class: 'pl-resolved' }, 0],
  },
  bullet_list: {
    group: 'block',
    content: 'list_item+',
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    group: 'block',
    content: 'list_item+',
    attrs: { order: { default: 1, validate: 'number' } },
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start') ?? 1) }),
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },
  list_item: {
    content: 'paragraph (bullet_list | ordered_list)?',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
};

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
    toDOM: () => ['strong', 0],
  },
};

/** The one schema for resolutions, amendments and consensus texts. */
export const resolutionSchema = new Schema({ nodes, marks });

/** The Yjs XML fragment that holds a document's ProseMirror content (y-prosemirror's default). */
export const PROSEMIRROR_FRAGMENT = 'prosemirror';

/**
 * The plain block model of a convention text: what line numbering, diffs,
 * instructions and exports work on. A ProseMirror document (see `schema.ts`) or a
 * Markdown / plain-text file converts to a list of `TextBlock`s and back.
 *
 * Formatting marks (bold, italic) are not part of the block model: a formatting
 * change is not an amendment. Hard breaks read as a space.
 */

/** What kind of block a line belongs to. List items carry their list's kind. */
export type BlockKind = 'title' | 'heading' | 'paragraph' | 'whereas' | 'resolved' | 'bullet' | 'ordered';

export interface TextBlock {
  kind: BlockKind;
  /** The block's text, marks removed, whitespace runs kept as typed. */
  text: string;
  /** Heading level (2-4) for headings, nesting depth (0 = top) for list items. */
  level?: number;
}

/** A node of ProseMirror's JSON form (`Node.toJSON()`), as stored and sent over the wire. */
export interface PMNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNodeJSON[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const TEXT_BLOCK_KINDS: Record<string, BlockKind> = {
  title: 'title',
  heading: 'heading',
  paragraph: 'paragraph',
  whereas: 'whereas',
  resolved: 'resolved',
};

function inlineText(node: PMNodeJSON): string {
  let out = '';
  for (const child of node.content ?? []) {
    if (child.type === 'text') out += child.text ?? '';
    else if (child.type === 'hard_break') out += ' ';
  }
  return out;
}

/**
 * Flattens a ProseMirror JSON document into blocks, in reading order. A list item's
 * first paragraph becomes a `bullet` or `ordered` block at the item's depth; nested
 * lists follow at depth + 1. Unknown node types are read as paragraphs so that no
 * text is ever dropped.
 */
export function blocksFromProseMirror(doc: PMNodeJSON): TextBlock[] {
  const blocks: TextBlock[] = [];
  const walkList = (list: PMNodeJSON, depth: number) => {
    const kind: BlockKind = list.type === 'ordered_list' ? 'ordered' : 'bullet';
    for (const item of list.content ?? []) {
      for (const child of item.content ?? []) {
        if (child.type === 'bullet_list' || child.type === 'ordered_list') walkList(child, depth + 1);
        else blocks.push({ kind, text: inlineText(child), level: depth });
      }
    }
  };
  for (const node of doc.content ?? []) {
    if (node.type === 'bullet_list' || node.type === 'ordered_list') {
      walkList(node, 0);
      continue;
    }
    const kind = TEXT_BLOCK_KINDS[node.type] ?? 'paragraph';
    const block: TextBlock = { kind, text: inlineText(node) };
    if (kind === 'heading') block.level = Number(node.attrs?.level ?? 2);
    blocks.push(block);
  }
  return blocks;
}

function textContent(text: string): PMNodeJSON[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

/**
 * Builds a ProseMirror JSON document from blocks. The first block is used as the
 * title when it is one; otherwise the title is empty. Consecutive list blocks of the
 * same kind form one list; deeper ones nest inside the previous item. A document
 * with no body blocks gets one empty paragraph, as the schema requires.
 */
export function proseMirrorFromBlocks(blocks: readonly TextBlock[]): PMNodeJSON {
  const rest = blocks[0]?.kind === 'title' ? blocks.slice(1) : blocks;
  const title: PMNodeJSON = { type: 'title', content: textContent(blocks[0]?.kind === 'title' ? blocks[0].text : '') };
  const body: PMNodeJSON[] = [];
  let i = 0;
  const buildList = (depth: number, kind: BlockKind): PMNodeJSON => {
    const list: PMNodeJSON = { type: kind === 'ordered' ? 'ordered_list' : 'bullet_list', content: [] };
    while (i < rest.length) {
      const block = rest[i];
      if (block.kind !== 'bullet' && block.kind !== 'ordered') break;
      const blockDepth = block.level ?? 0;
      if (blockDepth < depth || (blockDepth === depth && block.kind !== kind)) break;
      if (blockDepth > depth) {
        const items = list.content!;
        if (items.length === 0) items.push({ type: 'list_item', content: [{ type: 'paragraph' }] });
        const last = items[items.length - 1];
        if (last.content!.length > 1) break; // the item already has its one nested list
        last.content!.push(buildList(depth + 1, block.kind));
        continue;
      }
      list.content!.push({ type: 'list_item', content: [{ type: 'paragraph', content: textContent(block.text) }] });
      i++;
    }
    return list;
  };
  while (i < rest.length) {
    const block = rest[i];
    if (block.kind === 'bullet' || block.kind === 'ordered') {
      body.push(buildList(block.level ?? 0, block.kind));
      continue;
    }
    const type = block.kind === 'title' ? 'heading' : block.kind;
    const node: PMNodeJSON = { type, content: textContent(block.text) };
    if (type === 'heading') node.attrs = { level: block.kind === 'title' ? 2 : (block.level ?? 2) };
    body.push(node);
    i++;
  }
  if (body.length === 0) body.push({ type: 'paragraph' });
  return { type: 'doc', content: [title, ...body] };
}

const WHEREAS = /^whereas\b/i;
const RESOLVED = /^((therefore,?\s+)?(be it (further )?)?resolved\b)/i;

/** The clause kind a paragraph's text implies by its lead word. */
export function clauseKind(text: string): BlockKind {
  if (WHEREAS.test(text)) return 'whereas';
  if (RESOLVED.test(text)) return 'resolved';
  return 'paragraph';
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const HEADING = /^(#{1,4})\s+(.*?)\s*#*\s*$/;

/** Removes the Markdown emphasis markers this project writes (`**bold**`, `*em*`, `_em_`) and reads back `escapeInert`'s escapes. */
export function stripEmphasis(text: string): string {
  return unescapeInert(stripMarkers(text));
}

function stripMarkers(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, '$1$2').replace(/(^|\W)_(?!\s)(.+?)_(?!\w)/g, '$1$2');
}

/**
 * Reads Markdown or plain text into blocks. `# ` on the first heading line is the
 * title; `##`-`####` are headings; `-`, `*`, `+` and `1.` start list items (two
 * spaces of indent per nesting level); other runs of non-blank lines are
 * paragraphs, joined with single spaces, classed as "Whereas" or "Resolved"
 * clauses by their lead word. Windows line endings are accepted.
 */
export function blocksFromMarkdown(source: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let titleSeen = false;
  const flush = () => {
    if (paragraph.length === 0) return;
    const text = stripEmphasis(paragraph.join(' '));
    blocks.push({ kind: clauseKind(text), text });
    paragraph = [];
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = heading[1].length;
      if (level === 1 && !titleSeen && blocks.length === 0) {
        titleSeen = true;
        blocks.push({ kind: 'title', text: stripEmphasis(heading[2]) });
      } else {
        blocks.push({ kind: 'heading', text: stripEmphasis(heading[2]), level: Math.max(2, level) });
      }
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const depth = Math.floor(item[1].replace(/\t/g, '  ').length / 2);
      blocks.push({ kind: /\d/.test(item[2]) ? 'ordered' : 'bullet', text: stripEmphasis(item[3]), level: depth });
      continue;
    }
    const last = blocks[blocks.length - 1];
    if (paragraph.length === 0 && /^\s+\S/.test(raw) && last && (last.kind === 'bullet' || last.kind === 'ordered')) {
      last.text += ' ' + stripEmphasis(line.trim()); // a wrapped list item continues
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/**
 * Makes text inert in Markdown that a renderer may show with raw HTML allowed:
 * `<`, `>` and `&` become entities (no tag, comment or autolink can start),
 * and `[` `]` are backslash-escaped (no link, so no `javascript:` target).
 * `unescapeInert` reverses it exactly.
 */
export function escapeInert(text: string): string {
  return text.replace(/[&<>[\]]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`));
}

const INERT_ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '\\[': '[', '\\]': ']' };

/** Reads back what `escapeInert` wrote (and the same entities and escapes written by hand). */
export function unescapeInert(text: string): string {
  return text.replace(/&(?:amp|lt|gt);|\\[[\]]/g, (escape) => INERT_ESCAPES[escape] ?? escape);
}

/**
 * Writes blocks as Markdown that `blocksFromMarkdown` reads back to the same
 * blocks. The text is made inert (`escapeInert`): a paragraph typed as
 * `<img src=x onerror=...>` stays text wherever the Markdown is rendered.
 */
export function blocksToMarkdown(blocks: readonly TextBlock[]): string {
  const out: string[] = [];
  let previousWasList = false;
  for (const block of blocks) {
    const isList = block.kind === 'bullet' || block.kind === 'ordered';
    if (out.length > 0 && !(isList && previousWasList)) out.push('');
    const text = escapeInert(block.text);
    switch (block.kind) {
      case 'title':
        out.push(`# ${text}`);
        break;
      case 'heading':
        out.push(`${'#'.repeat(block.level ?? 2)} ${text}`);
        break;
      case 'bullet':
      case 'ordered':
        out.push(`${'  '.repeat(block.level ?? 0)}${block.kind === 'bullet' ? '-' : '1.'} ${text}`);
        break;
      default:
        out.push(text);
    }
    previousWasList = isList;
  }
  return out.join('\n') + '\n';
}

/** The title of a block list: the title block's text, or '' when there is none. */
export function titleOf(blocks: readonly TextBlock[]): string {
  return blocks[0]?.kind === 'title' ? blocks[0].text : '';
}

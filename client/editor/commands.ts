import { setBlockType, splitBlockAs, toggleMark } from 'prosemirror-commands';
import type { Node as PMNode, NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { resolutionSchema as schema } from '../../shared/schema';

/**
 * The editing commands behind the toolbar and the keyboard shortcuts: set the
 * kind of the current block (heading, paragraph, "Whereas" or "Resolved"
 * clause, list) and toggle bold / italic. The title is always the first block
 * and cannot be turned into anything else.
 */

/** The block kinds a user can choose. */
export type BlockChoice = 'paragraph' | 'heading' | 'whereas' | 'resolved' | 'bullet_list' | 'ordered_list';

/** The lead words a new, empty clause starts with (they are part of the text and of its line numbers). */
export const LEAD_WORDS: Partial<Record<BlockChoice, string>> = {
  whereas: 'Whereas ',
  resolved: 'Resolved, ',
};

const { nodes, marks } = schema;

/** True when `text` is nothing but a lead word ("Whereas ", "Resolved, "). */
function isOnlyLeadWord(text: string): boolean {
  return Object.values(LEAD_WORDS).some((lead) => text.trim() === lead.trim());
}

/** The list the selection is in (innermost), with its depth, or null. */
function enclosingList(state: EditorState): { node: PMNode; depth: number } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type === nodes.bullet_list || node.type === nodes.ordered_list) return { node, depth };
  }
  return null;
}

/** True when the selection starts in the title. */
export function inTitle(state: EditorState): boolean {
  return state.selection.$from.parent.type === nodes.title;
}

/** The kind of block the selection starts in, as the toolbar shows it; null in the title. */
export function currentBlock(state: EditorState): BlockChoice | null {
  if (inTitle(state)) return null;
  const list = enclosingList(state);
  if (list) return list.node.type === nodes.ordered_list ? 'ordered_list' : 'bullet_list';
  const name = state.selection.$from.parent.type.name;
  return name === 'heading' || name === 'whereas' || name === 'resolved' || name === 'paragraph' ? name : null;
}

/** Lifts the selection out of all lists, one transaction per level. */
function liftOutOfLists(state: EditorState, dispatch: (tr: Transaction) => void, view?: { state: EditorState }): EditorState {
  let current = state;
  for (let guard = 0; guard < 8 && enclosingList(current); guard++) {
    let next: EditorState | null = null;
    const lifted = liftListItem(nodes.list_item)(current, (tr) => {
      dispatch(tr);
      next = view ? view.state : current.apply(tr);
    });
    if (!lifted || next === null) break;
    current = next;
  }
  return current;
}

/** Turns the current textblock(s) into `type`; from inside a list, lifts out first. */
function toTextblock(type: NodeType, attrs: Record<string, unknown> | null, lead?: string): Command {
  return (state, dispatch, view) => {
    if (inTitle(state)) return false;
    const inList = enclosingList(state) !== null;
    if (!dispatch) return inList || setBlockType(type, attrs)(state);
    const lifted = inList ? liftOutOfLists(state, dispatch, view) : state;
    const applied = setBlockType(type, attrs)(lifted, dispatch);
    const after = view ? view.state : lifted;
    const { $from } = after.selection;
    // A block that holds only a clause's lead word gets the new kind's lead word (or none).
    const onlyLead = $from.parent.content.size === 0 || isOnlyLeadWord($from.parent.textContent);
    if (onlyLead && $from.parent.type === type && $from.parent.textContent !== (lead ?? '')) {
      const start = $from.start();
      const tr = after.tr.delete(start, $from.end());
      if (lead) tr.insertText(lead, start);
      dispatch(tr.scrollIntoView());
    }
    return applied || inList;
  };
}

/** Wraps in (or switches to, or out of) a list of `type`. */
function toList(type: NodeType): Command {
  return (state, dispatch, view) => {
    if (inTitle(state)) return false;
    const list = enclosingList(state);
    if (list && list.node.type === type) return liftListItem(nodes.list_item)(state, dispatch, view);
    if (list) {
      if (dispatch) dispatch(state.tr.setNodeMarkup(state.selection.$from.before(list.depth), type));
      return true;
    }
    // Clauses and headings become plain paragraphs inside list items.
    const parent = state.selection.$from.parent;
    if (parent.type !== nodes.paragraph) {
      if (!dispatch) return setBlockType(nodes.paragraph)(state) && true;
      setBlockType(nodes.paragraph)(state, dispatch);
      const next = view ? view.state : state;
      return wrapInList(type)(next, dispatch, view);
    }
    return wrapInList(type)(state, dispatch, view);
  };
}

/** The command that makes the current block a `choice`. */
export function setBlock(choice: BlockChoice, level = 2): Command {
  switch (choice) {
    case 'paragraph':
      return toTextblock(nodes.paragraph, null);
    case 'heading':
      return toTextblock(nodes.heading, { level });
    case 'whereas':
      return toTextblock(nodes.whereas, null, LEAD_WORDS.whereas);
    case 'resolved':
      return toTextblock(nodes.resolved, null, LEAD_WORDS.resolved);
    case 'bullet_list':
      return toList(nodes.bullet_list);
    case 'ordered_list':
      return toList(nodes.ordered_list);
  }
}

/** Toggles bold. */
export const toggleStrong: Command = toggleMark(marks.strong);
/** Toggles italic. */
export const toggleEm: Command = toggleMark(marks.em);

/** True when `mark` is active at the cursor or across the whole selection. */
export function markActive(state: EditorState, mark: 'strong' | 'em'): boolean {
  const type = marks[mark];
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

/**
 * Enter outside lists: the title continues as a paragraph, a heading is
 * followed by a paragraph, and a clause by a clause of the same kind (a
 * preamble is a run of "Whereas" clauses). Splitting mid-block keeps the kind.
 */
export const splitBlockSmart: Command = splitBlockAs((node, atEnd) => {
  if (node.type === nodes.title) return { type: nodes.paragraph };
  if (node.type === nodes.heading) return atEnd ? { type: nodes.paragraph } : { type: nodes.heading, attrs: node.attrs };
  if (node.type === nodes.whereas || node.type === nodes.resolved || node.type === nodes.paragraph) return { type: node.type };
  return null;
});

/**
 * Enter at the end of a "Whereas" or "Resolved" clause starts the next clause
 * of the same kind with its lead word; Enter in a clause that holds nothing but
 * its lead word ends the run, turning it into an empty paragraph (as Enter in
 * an empty list item leaves the list).
 */
export const continueClause: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const parent = $from.parent;
  const kind = parent.type === nodes.whereas ? 'whereas' : parent.type === nodes.resolved ? 'resolved' : null;
  if (!empty || !kind || $from.parentOffset !== parent.content.size) return false;
  const lead = LEAD_WORDS[kind]!;
  if (parent.textContent.trim() === lead.trim() || parent.content.size === 0) {
    if (dispatch) {
      const start = $from.before();
      const tr = state.tr.replaceWith(start, $from.after(), nodes.paragraph.create());
      dispatch(tr.setSelection(TextSelection.create(tr.doc, start + 1)).scrollIntoView());
    }
    return true;
  }
  if (dispatch) {
    const after = $from.after();
    const tr = state.tr.insert(after, parent.type.create(null, schema.text(lead)));
    dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1 + lead.length)).scrollIntoView());
  }
  return true;
};

/** Moves the cursor to the start of the first body block (Enter at the end of the title when a body exists). */
export const leaveTitle: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type !== nodes.title || $from.parentOffset !== $from.parent.content.size) return false;
  const afterTitle = $from.after();
  if (afterTitle >= state.doc.content.size) return false;
  const body = state.doc.child(1);
  if (!body.isTextblock || body.content.size > 0) return false;
  if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, afterTitle + 1)).scrollIntoView());
  return true;
};

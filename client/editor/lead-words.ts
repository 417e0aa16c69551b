import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { leadWordLength } from './lead-pattern';

/**
 * Sets the lead word of each clause ("Whereas", "Resolved", "Be it further
 * resolved") in small capitals, as printed resolutions do. The words stay
 * ordinary text; only a decoration marks them, so nothing changes in the
 * document, the line numbers or the redline.
 */

/** The plugin's key, for tests and other plugins. */
export const leadWordsKey = new PluginKey<DecorationSet>('plenary-lead-words');

/** The lead-word decoration of the top-level block `node` at `offset`, if it has one. */
function leadWordOf(node: PMNode, offset: number): Decoration | null {
  if (!node.firstChild?.isText) return null;
  const length = leadWordLength(node.type.name, node.firstChild.text ?? '');
  return length > 0 ? Decoration.inline(offset + 1, offset + 1 + length, { class: 'pl-lead' }) : null;
}

/** Every lead-word decoration of `doc`, worked out afresh (what the plugin's state must always equal). */
export function leadWordsOf(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.forEach((node, offset) => {
    const decoration = leadWordOf(node, offset);
    if (decoration) decorations.push(decoration);
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * The decorations after `tr`: the previous ones mapped through it, and those of
 * the top-level blocks it changed worked out again. A keystroke touches one
 * block; working out the lead words of a whole 10,000-word text on each one
 * made a new set, which the view then compared block by block. A change that
 * touches most blocks (y-prosemirror applies a collaborator's edit by replacing
 * the whole content) is decorated afresh: that is cheaper than mending the set.
 */
function redecorate(tr: Transaction, previous: DecorationSet): DecorationSet {
  const { doc } = tr;
  const touched = new Map<number, PMNode>();
  tr.mapping.maps.forEach((map, index) => {
    const later = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      doc.nodesBetween(later.map(newStart, -1), later.map(newEnd, 1), (node, pos) => {
        touched.set(pos, node);
        return false;
      });
    });
  });
  if (touched.size > doc.childCount / 2) return leadWordsOf(doc);
  const set = previous.map(tr.mapping, doc);
  const stale: Decoration[] = [];
  const fresh: Decoration[] = [];
  for (const [pos, node] of touched) {
    stale.push(...set.find(pos, pos + node.nodeSize));
    const decoration = leadWordOf(node, pos);
    if (decoration) fresh.push(decoration);
  }
  return set.remove(stale).add(doc, fresh);
}

/** The lead-word decoration plugin. Worked out for the whole text once, then for the blocks each change touches. */
export function leadWordsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: leadWordsKey,
    state: {
      init: (_, state) => leadWordsOf(state.doc),
      apply: (tr, previous) => (tr.docChanged ? redecorate(tr, previous) : previous),
    },
    props: {
      decorations: (state) => leadWordsKey.getState(state),
    },
  });
}

import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
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

function decorate(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.forEach((node, offset) => {
    if (!node.firstChild?.isText) return;
    const length = leadWordLength(node.type.name, node.firstChild.text ?? '');
    if (length > 0) decorations.push(Decoration.inline(offset + 1, offset + 1 + length, { class: 'pl-lead' }));
  });
  return DecorationSet.create(doc, decorations);
}

/** The lead-word decoration plugin. Recomputed on each change; it walks top-level blocks only. */
export function leadWordsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: leadWordsKey,
    state: {
      init: (_, state) => decorate(state.doc),
      apply: (tr, previous) => (tr.docChanged ? decorate(tr.doc) : previous),
    },
    props: {
      decorations: (state) => leadWordsKey.getState(state),
    },
  });
}

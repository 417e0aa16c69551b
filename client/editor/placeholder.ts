import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/**
 * Grey hints in empty blocks: "Title" in an empty title, and a prompt in the
 * one empty paragraph of an otherwise empty text. Shown with CSS from a
 * `data-placeholder` attribute, so it is never part of the text.
 */
export function placeholderPlugin(hints: { title: string; body: string }): Plugin {
  return new Plugin({
    props: {
      decorations(state) {
        const { doc } = state;
        const decorations: Decoration[] = [];
        const title = doc.firstChild;
        if (title && title.content.size === 0) {
          decorations.push(Decoration.node(0, title.nodeSize, { class: 'pl-empty', 'data-placeholder': hints.title }));
        }
        const body = doc.childCount === 2 ? doc.child(1) : null;
        if (body && body.isTextblock && body.content.size === 0 && title) {
          decorations.push(Decoration.node(title.nodeSize, title.nodeSize + body.nodeSize, { class: 'pl-empty', 'data-placeholder': hints.body }));
        }
        return DecorationSet.create(doc, decorations);
      },
    },
  });
}

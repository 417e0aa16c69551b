import { toBase64 } from 'lib0/buffer';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import * as Y from 'yjs';
import { h, uniqueId } from '../dom';
import { icon } from '../icons';
import { reload } from '../router';
import type { CollabSession } from './collab';

/**
 * The live editor: ProseMirror's view and state, y-prosemirror, Yjs and the
 * sync socket, in one chunk that the Text page loads only for a text its
 * reader may edit or follow live (`loadLiveEditor`). Readers of a published
 * version never download it: they get `StaticText`.
 */

export { CollabSession } from './collab';
export { createConnectionStatus } from './connection-status';
export { createEditor, makeReadOnly } from './create-editor';
export { createPresenceList } from './presence';
export { createToolbar } from './toolbar';
export { colorForUser } from './user-color';

/** Puts the cursor at `pos` in `view` and focuses it. */
export function placeCursor(view: EditorView, pos: number): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, pos)));
  view.focus();
}

/** The state vector of a live text, base64, as the server's submit checks it. */
export function stateVectorOf(ydoc: Y.Doc): string {
  return toBase64(Y.encodeStateVector(ydoc));
}

/**
 * The banner shown once the server refused this device's edits. The text below
 * still shows them (they are in this device's copy), so the banner says so and
 * offers to copy that version, or to throw it away and show the saved text.
 */
export function refusedBanner(collab: CollabSession, currentView: () => EditorView | null): HTMLElement {
  const headingId = uniqueId('refused');
  const result = h('p', { class: 'refused-banner__result', attrs: { role: 'status' } });
  const copy = async () => {
    const view = currentView();
    const text = view ? view.state.doc.textBetween(0, view.state.doc.content.size, '\n\n') : '';
    try {
      await navigator.clipboard.writeText(text);
      result.textContent = 'Your version is on the clipboard: paste it into a message or a new draft.';
    } catch {
      result.textContent = 'This browser did not allow copying. Select the text below and copy it yourself.';
    }
  };
  const discard = async () => {
    await collab.discardLocalCopy();
    reload();
  };
  return h(
    'section',
    { class: 'banner banner--warning refused-banner', attrs: { 'aria-labelledby': headingId } },
    h('div', { class: 'banner__head' },
      icon('alert'),
      h('div', {},
        h('h2', { class: 'banner__title', attrs: { id: headingId, tabindex: '-1' } }, 'Your latest changes were not saved'),
        h('p', {}, 'This text can no longer be edited: it was submitted, withdrawn or frozen while you were editing, or while this device was offline. The text below still shows your unsaved changes; nobody else sees them.'),
      ),
    ),
    h('div', { class: 'banner__buttons' },
      h('button', { class: 'btn btn--secondary', attrs: { type: 'button' }, on: { click: () => void copy() } }, 'Copy my version'),
      h('button', { class: 'btn btn--primary', attrs: { type: 'button' }, on: { click: () => void discard() } }, 'Show the saved text'),
    ),
    result,
  );
}


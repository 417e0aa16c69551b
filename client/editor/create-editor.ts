import { keymap } from 'prosemirror-keymap';
import { EditorState, Plugin, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { resolutionSchema } from '../../shared/schema';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { buildCursor, buildSelection, cursorFlagPlugin } from './cursors';
import { resolutionInputRules } from './input-rules';
import { ACTION_KEYS, resolutionKeymaps } from './keymap';
import { leadWordsPlugin } from './lead-words';
import { pasteStructurePlugin } from './paste-structure';
import { placeholderPlugin } from './placeholder';

/** The shared text an editor binds to: a live session (`CollabSession`). Published versions are drawn without the editor (`StaticText`). */
export interface SharedText {
  fragment: Y.XmlFragment;
  awareness: Awareness;
}

/** What the editor needs from the page around it. */
export interface CreateEditorOptions {
  /** Where the editable text goes. */
  mount: HTMLElement;
  session: SharedText;
  editable: boolean;
  /** The accessible name of the text area, e.g. "Text of CR02". */
  label: string;
  /** Plugins added by editor extensions. */
  extraPlugins?: Plugin[];
  /** Called after every state change (selection or content). */
  onUpdate?(view: EditorView, transaction: Transaction): void;
  /** Alt+F10 in the text: move to the toolbar. */
  onFocusToolbar?(): void;
}

/**
 * Builds the ProseMirror view bound to the shared document: y-prosemirror's
 * sync, cursor and undo plugins, the resolution keymaps and typing shortcuts,
 * and the lead-word styling. Read-only documents get the same live text and
 * cursors without editing.
 */
export function createEditor(options: CreateEditorOptions): EditorView {
  const { session, editable } = options;
  const plugins: Plugin[] = [
    ySyncPlugin(session.fragment),
    yCursorPlugin(session.awareness, { cursorBuilder: buildCursor, selectionBuilder: buildSelection }),
    cursorFlagPlugin(),
    yUndoPlugin(),
    keymap({
      [ACTION_KEYS.toolbar]: () => {
        options.onFocusToolbar?.();
        return Boolean(options.onFocusToolbar);
      },
    }),
    ...(editable ? [resolutionInputRules(), ...resolutionKeymaps(), pasteStructurePlugin()] : []),
    leadWordsPlugin(),
    ...(editable ? [placeholderPlugin({ title: 'Title', body: 'Start with “Whereas” for the preamble, or “Resolved,” for what the convention decides…' })] : []),
    ...(options.extraPlugins ?? []),
  ];
  const view: EditorView = new EditorView(options.mount, {
    state: EditorState.create({ schema: resolutionSchema, plugins }),
    editable: () => editable,
    attributes: editorAttributes(options.label, editable),
    // Called with the view as `this`, also during construction (y-prosemirror's first render).
    dispatchTransaction(this: EditorView, transaction) {
      this.updateState(this.state.apply(transaction));
      options.onUpdate?.(this, transaction);
    },
  });
  return view;
}

/** The editor element's attributes: its look and what screen readers are told. */
function editorAttributes(label: string, editable: boolean): Record<string, string> {
  return {
    class: `pl-doc${editable ? '' : ' pl-doc--readonly'}`,
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': label,
    'aria-readonly': String(!editable),
    spellcheck: 'true',
  };
}

/** Stops an editor taking edits from now on (the server refused them): read-only in look and for screen readers. */
export function makeReadOnly(view: EditorView, label: string): void {
  view.setProps({ editable: () => false, attributes: editorAttributes(label, false) });
}

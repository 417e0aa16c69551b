import type { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { DocumentSummary, User } from '../api-types';
import type { AppContext } from '../app-context';

/**
 * The seam where later work plugs into the editor page: line numbers in the
 * gutter, the live redline and the amendment instructions in the side panel,
 * conflict markers as ProseMirror plugins. An extension says which documents
 * it applies to, may add ProseMirror plugins, and mounts into its slots.
 *
 * Add one by appending to `EDITOR_EXTENSIONS` (see `editor-extensions.ts`).
 */

/** A published version shown on the Text page instead of the live text. */
export interface ShownVersion {
  version: number;
  /** The newest published version of the text. */
  newest: number;
  /** When the shown version was published (ISO), when known. */
  publishedAt: string | null;
  /** For an amendment, the base version this version amends, when known (an earlier version of a rebased amendment amends an earlier base). */
  baseVersion?: number | null;
}

/** What an extension can use once the editor exists. */
export interface EditorContext {
  app: AppContext;
  user: User;
  /** The document's summary (code, kind, status, base, whether editable). */
  document: DocumentSummary;
  /**
   * The published version shown (read only, never changes), or null when the
   * page shows the live text (a draft, or a working copy its editors revise).
   */
  shown: ShownVersion | null;
  /** The shared document; its `prosemirror` fragment holds the text. */
  ydoc: Y.Doc;
  awareness: Awareness;
  view: EditorView;
  /**
   * Calls `listener` after every change of the text, local or remote, with the
   * view (read `view.state.doc`). Debounce expensive work. Returns the
   * unsubscribe function.
   */
  onDocChange(listener: (view: EditorView) => void): () => void;
}

/** Where an extension draws. */
export interface EditorSlots {
  /**
   * The column left of the text, in the same scroll flow, for line numbers and
   * change bars. Shared by all extensions; hidden from screen readers. Set the
   * CSS variable `--gutter-width` on the editor page to widen it.
   */
  gutter: HTMLElement;
  /** This extension's own region in the side panel (a labelled section). */
  panel: HTMLElement;
}

/** One editor extension. */
export interface EditorExtension {
  /** Stable id, used in element ids and `data-extension`. */
  id: string;
  /** The side panel section's heading; omit for extensions without a panel. */
  title?: string;
  /** Whether the extension applies to `document` (e.g. amendments only). Defaults to yes. */
  appliesTo?(document: DocumentSummary): boolean;
  /** Whether the panel section starts open. Defaults to yes. */
  open?: boolean;
  /** ProseMirror plugins to add to the editor (decorations, widgets). */
  plugins?(document: DocumentSummary): Plugin[];
  /** Draws into the slots; returns a cleanup function. */
  mount?(context: EditorContext, slots: EditorSlots): (() => void) | void;
}

import type { Node as PMNode } from 'prosemirror-model';
import type { Plugin } from 'prosemirror-state';
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

/**
 * The text an extension reads: the live editor (a ProseMirror `EditorView`)
 * or a published version drawn without the editor (`StaticText`). Only what
 * both offer; nothing here edits.
 */
export interface TextSurface {
  readonly state: { readonly doc: PMNode };
  /** The element holding the text (`.ProseMirror`). */
  readonly dom: HTMLElement;
  readonly editable: boolean;
  /** The DOM node drawn for the node at `pos`; for a static text, textblocks only. */
  nodeDOM(pos: number): globalThis.Node | null;
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
  /** The Yjs state vector of the live text (base64), which the server checks before freezing it; null for a published version. */
  stateVector(): string | null;
  view: TextSurface;
  /** In an editable text, puts the cursor at `pos` and focuses the text; absent otherwise. */
  placeCursor?(pos: number): void;
  /**
   * Calls `listener` after every change of the text, local or remote, with the
   * view (read `view.state.doc`). Debounce expensive work. Returns the
   * unsubscribe function. A published version never changes, so never calls it.
   */
  onDocChange(listener: (view: TextSurface) => void): () => void;
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

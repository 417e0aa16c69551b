import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import { prosemirrorJSONToYXmlFragment } from 'y-prosemirror';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT, resolutionSchema } from '../../shared/schema';
import type { DocumentText } from '../api-types';

/**
 * One published version of a text, for reading on the Text page: a Y.Doc
 * built from the version's ProseMirror JSON, with no server connection (a
 * published version never changes, so there is nothing to sync). It is kept
 * in IndexedDB like a live text, so a version read once opens again offline.
 *
 * The Y.Doc is built under a fixed client id, so building the same version
 * twice (two tabs at once, or after a cleared store) gives the very same Yjs
 * items and merges into one copy instead of doubling the text.
 */

/** The client id every published copy is built under (see above). No live update ever enters a published copy, so it cannot clash. */
const PUBLISHED_CLIENT_ID = 0;

/** The IndexedDB database name for one user's copy of one published version. */
export function publishedStoreName(userId: string, documentId: string, version: number): string {
  return `plenary:${userId}:${documentId}@v${version}`;
}

/** The Yjs update that creates `content` (a version's ProseMirror JSON) in an empty document, the same bytes every time. */
export function publishedUpdate(content: unknown): Uint8Array {
  const built = new Y.Doc();
  built.clientID = PUBLISHED_CLIENT_ID;
  try {
    prosemirrorJSONToYXmlFragment(resolutionSchema, content, built.getXmlFragment(PROSEMIRROR_FRAGMENT));
    return Y.encodeStateAsUpdate(built);
  } finally {
    built.destroy();
  }
}

/** A published version as a local, read-only Y.Doc (the shape the editor binds to, as for a live text). */
export class PublishedCopy {
  readonly ydoc = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  /** Awareness of this tab only: nobody else is in a published version. */
  readonly awareness: Awareness;
  private readonly store: IndexeddbPersistence;
  private destroyed = false;

  constructor(
    readonly userId: string,
    readonly documentId: string,
    readonly version: number,
  ) {
    this.fragment = this.ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    this.awareness = new Awareness(this.ydoc);
    this.store = new IndexeddbPersistence(publishedStoreName(userId, documentId, version), this.ydoc);
  }

  /**
   * Resolves once the text is there: from this device when it was read here
   * before, else from `load` (the version from the server), which is then kept.
   * Rejects when it is on neither (offline, never read here).
   */
  async ready(load: () => Promise<DocumentText>): Promise<void> {
    await this.store.whenSynced;
    if (this.fragment.length > 0 || this.destroyed) return;
    const text = await load();
    if (this.destroyed) return;
    Y.applyUpdate(this.ydoc, publishedUpdate(text.content));
  }

  /** Closes the local store; its data stays on disk. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.awareness.destroy();
    void this.store.destroy();
    this.ydoc.destroy();
  }
}

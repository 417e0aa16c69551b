import type { Node as PMNode } from 'prosemirror-model';
import { blocksFromProseMirror, type PMNodeJSON, type TextBlock } from '../../shared/text';
import type { DocumentSummary } from '../api-types';
import { LiveRedlineSession } from '../redline/live';
import { lineWidthOf, versionText } from '../texts';
import type { EditorContext, TextSurface } from './extensions';

/**
 * The one live redline of an amendment open in the editor, shared by the
 * extensions that show it (the gutter's line numbers and the "Live redline"
 * panel): the base version is fetched once, the session follows every change
 * of the text, and it ends when the last extension lets go.
 */

/** Which lines the gutter numbers an amendment by. */
export type GutterNumbering = 'base' | 'own';

/** What the extensions share for one editor. */
export interface AmendmentLive {
  session: LiveRedlineSession;
  base: { document: DocumentSummary | null; version: number; blocks: TextBlock[] };
  width: number;
  numbering: GutterNumbering;
  setNumbering(numbering: GutterNumbering): void;
  onNumbering(listener: (numbering: GutterNumbering) => void): () => void;
}

const NUMBERING_KEY = 'plenary.gutterNumbering';

interface Entry {
  users: number;
  live: Promise<AmendmentLive>;
  stop: () => void;
}

const entries = new WeakMap<TextSurface, Entry>();

/** The blocks of each top-level node already read: an unchanged node is the same object from one state to the next. */
const blocksOfNode = new WeakMap<PMNode, readonly TextBlock[]>();

/**
 * The blocks of the text in the editor now, as line numbering and the redline
 * read them: `blocksFromProseMirror` of the whole document, read node by node
 * (it reads each top-level node on its own), so that after a keystroke only the
 * node that changed is read again. The blocks are shared: do not change them.
 */
export function editorBlocks(view: TextSurface): TextBlock[] {
  const blocks: TextBlock[] = [];
  view.state.doc.forEach((node) => {
    let own = blocksOfNode.get(node);
    if (!own) {
      own = blocksFromProseMirror({ type: 'doc', content: [node.toJSON() as PMNodeJSON] });
      blocksOfNode.set(node, own);
    }
    for (const block of own) blocks.push(block);
  });
  return blocks;
}

/** Whether the document is an amendment with a base version to compare with. */
export function isAmendmentWithBase(doc: DocumentSummary): boolean {
  return doc.kind === 'amendment' && doc.baseId !== null && doc.baseVersion !== null;
}

function readNumbering(): GutterNumbering {
  try {
    return localStorage.getItem(NUMBERING_KEY) === 'own' ? 'own' : 'base';
  } catch {
    return 'base';
  }
}

async function start(context: EditorContext, stopped: () => boolean): Promise<AmendmentLive> {
  const doc = context.document;
  const [width, baseText, baseDocument] = await Promise.all([
    lineWidthOf(context.app),
    versionText(context.app.api, doc.baseId!, doc.baseVersion!),
    context.app.api.document(doc.baseId!).catch(() => null),
  ]);
  // A text that cannot change is compared once, here: the worker is for keeping up with typing.
  const session = new LiveRedlineSession(baseText.blocks, width, () => editorBlocks(context.view), { worker: context.view.editable });
  if (stopped()) session.destroy();
  else session.refreshNow();
  const listeners = new Set<(numbering: GutterNumbering) => void>();
  const live: AmendmentLive = {
    session,
    base: { document: baseDocument, version: doc.baseVersion!, blocks: baseText.blocks },
    width,
    numbering: readNumbering(),
    setNumbering(numbering) {
      live.numbering = numbering;
      try {
        localStorage.setItem(NUMBERING_KEY, numbering);
      } catch {
        // A preference only.
      }
      for (const listener of listeners) listener(numbering);
    },
    onNumbering(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return live;
}

/**
 * The live redline for the amendment in `context`, started on first use.
 * Call `release` when done; the session stops with the last user.
 */
export function acquireLiveRedline(context: EditorContext): { live: Promise<AmendmentLive>; release: () => void } {
  let entry = entries.get(context.view);
  if (!entry) {
    let stopped = false;
    let unsubscribe: (() => void) | null = null;
    const live = start(context, () => stopped);
    const created: Entry = {
      users: 0,
      live,
      stop: () => {
        stopped = true;
        unsubscribe?.();
        void live.then((l) => l.session.destroy(), () => undefined);
      },
    };
    void live.then(
      (l) => {
        if (!stopped) unsubscribe = context.onDocChange(() => l.session.changed());
      },
      () => undefined,
    );
    entries.set(context.view, created);
    entry = created;
  }
  entry.users += 1;
  const held = entry;
  let released = false;
  return {
    live: held.live,
    release: () => {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users === 0) {
        held.stop();
        entries.delete(context.view);
      }
    },
  };
}

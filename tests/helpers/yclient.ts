import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import { blocksOf } from '../../server/sync/content';

/** Waits until `check` is true, polling; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closeCodes: number[];
  /** The text of every block, joined with newlines. */
  text(): string;
  destroy(): void;
}

/**
 * A stock y-websocket `WebsocketProvider`, unchanged but for the Node WebSocket
 * and no BroadcastChannel (clients in one test process must talk via the server).
 */
export function connect(wsUrl: string, docId: string, token?: string, options: { connect?: boolean } = {}): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/sync`, docId, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closeCodes.push(event.code);
  });
  return {
    doc,
    provider,
    closeCodes,
    text: () => blocksOf(doc).map((block) => block.text).join('\n'),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once the provider has completed the sync handshake. */
export function synced(client: Client, timeoutMs = 10_000): Promise<void> {
  return until(() => client.provider.synced, 'sync', timeoutMs);
}

/** Appends a paragraph to the document, as the editor would. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(PROSEMIRROR_FRAGMENT).push([paragraph]);
}

/** Whether any block of the document has exactly this text. */
export function hasParagraph(client: Client, text: string): boolean {
  return client.text().split('\n').includes(text);
}

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

/** Puts the client's cursor (its awareness `cursor`, as y-prosemirror reads it) at `index` of `text`. */
export function setCursor(client: Client, text: Y.XmlText, index: number): void {
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
  client.provider.awareness.setLocalStateField('cursor', { anchor: at, head: at });
}

/** Whether any block of the document has exactly this text. */
export function hasParagraph(client: Client, text: string): boolean {
  return client.text().split('\n').includes(text);
}

/** y-websocket's auth message type: the server sends "permission denied" with it when it drops a reader's edit. */
const MESSAGE_AUTH = 2;

/**
 * Resolves when the server tells this client it dropped an edit (y-websocket's
 * "permission denied"): the event a test waits for instead of sleeping before
 * it checks that a refused edit changed nothing. Call it before making the edit.
 */
export function editRefused(client: Client, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = client.provider.ws as unknown as WebSocket | null;
    if (!socket) return reject(new Error('the client has no socket'));
    const timer = setTimeout(() => reject(new Error('timed out waiting for the server to refuse the edit')), timeoutMs);
    // The provider reads its socket as ArrayBuffers.
    const onMessage = (data: ArrayBuffer | Buffer) => {
      if (new Uint8Array(data)[0] !== MESSAGE_AUTH) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
  });
}

/**
 * Sends "send me everything" (sync step 1 with an empty state vector) on the
 * client's socket and resolves when the server's answer arrives. The server
 * handles a socket's messages in order, so whatever it was going to answer to
 * what the client sent before has arrived by then: a fence to wait on instead
 * of a sleep, before checking that something did not happen.
 */
export function roundTrip(client: Client, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = client.provider.ws as unknown as WebSocket | null;
    if (!socket) return reject(new Error('the client has no socket'));
    const timer = setTimeout(() => reject(new Error('timed out waiting for the round trip')), timeoutMs);
    const onMessage = (data: ArrayBuffer | Buffer) => {
      const bytes = new Uint8Array(data);
      if (bytes[0] !== 0 || bytes[1] !== 1) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
    socket.send(new Uint8Array([0, 0, 1, 0]));
  });
}

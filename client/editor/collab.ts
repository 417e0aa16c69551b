import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { readAuthMessage } from 'y-protocols/auth';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';
import type { AwarenessUser } from './awareness-user';
import { sendOwnAwarenessOnly } from './own-awareness';
import { deferLocalStoreWrites, type LocalStoreWrites } from './local-store';

/**
 * The link between this tab and the shared document: a Y.Doc kept in IndexedDB
 * (so a reload while offline loses nothing) and synced with the server over
 * the y-websocket protocol (so edits merge when the connection returns).
 */

/** Close codes the sync server uses (docs/CONTRACTS.md, Sync). */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** Failed attempts after which "Reconnecting" becomes "Offline" (about 3 s of y-websocket's backoff). */
const RECONNECT_ATTEMPTS_BEFORE_OFFLINE = 4;

/**
 * Where the connection stands:
 * - `connecting`: first attempt, nothing heard from the server yet;
 * - `syncing`: connected, exchanging what each side is missing;
 * - `connected`: in sync, edits go out as they are typed;
 * - `reconnecting`: the connection dropped and is being retried;
 * - `offline`: no server for now; edits are kept on this device and merge later;
 * - `unauthenticated` / `forbidden`: the server refused (4401 / 4403); no retrying.
 */
export type ConnectionState = 'connecting' | 'syncing' | 'connected' | 'reconnecting' | 'offline' | 'unauthenticated' | 'forbidden';

/** How the document first became available to show. */
export type ReadySource = 'server' | 'device';

/** What a session needs to know. */
export interface CollabOptions {
  documentId: string;
  user: AwarenessUser;
  token: string;
  /** `ws(s)://host`; defaults to this page's host. */
  wsBase?: string;
}

/** `ws://` or `wss://` plus this page's host, for the sync socket. */
export function defaultWsBase(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

/** The IndexedDB database name for one user's copy of one document. */
export function localStoreName(userId: string, documentId: string): string {
  return `plenary:${userId}:${documentId}`;
}

type StateListener = (state: ConnectionState) => void;
type RefusalListener = (reason: string) => void;

/** One open document: Y.Doc, local store, server connection and awareness. */
export class CollabSession {
  readonly ydoc = new Y.Doc();
  readonly fragment: Y.XmlFragment;
  readonly provider: WebsocketProvider;
  readonly store: IndexeddbPersistence;
  private readonly storeWrites: LocalStoreWrites;
  private current: ConnectionState = 'connecting';
  private everSynced = false;
  private readonly listeners = new Set<StateListener>();
  private readonly refusalListeners = new Set<RefusalListener>();
  private refusal: string | null = null;
  private readonly onOnline = () => this.handleOnline();
  // Offline even while the socket is open: nothing says it still delivers until the network is back (see handleOnline).
  private readonly onOffline = () => this.setState('offline');
  private destroyed = false;

  constructor(readonly options: CollabOptions) {
    this.fragment = this.ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    this.store = new IndexeddbPersistence(localStoreName(options.user.id, options.documentId), this.ydoc);
    this.storeWrites = deferLocalStoreWrites(this.store, this.ydoc);
    this.provider = new WebsocketProvider(`${options.wsBase ?? defaultWsBase()}/sync`, options.documentId, this.ydoc, {
      params: { token: options.token },
      // Tabs sync through the server only, so the server's permission checks always apply.
      disableBc: true,
      // This session decides after each close whether to retry (handleClose): y-websocket 3's own
      // default would stop at every 44xx code, also at those retrying fixes (4408 too slow, 4429).
      shouldReconnect: () => true,
    });
    sendOwnAwarenessOnly(this.provider);
    this.provider.awareness.setLocalStateField('user', options.user);
    this.provider.on('status', ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => this.handleStatus(status));
    this.provider.on('sync', (synced: boolean) => this.handleSync(synced));
    this.provider.on('connection-close', (event: CloseEvent | null) => this.handleClose(event));
    // The server says "permission denied" when it drops edits that would have changed the text.
    // Instead of y-websocket's console warning, the page must tell its user.
    this.provider.messageHandlers[messageAuth] = (_encoder: unknown, decoder: decoding.Decoder) => {
      readAuthMessage(decoder, this.ydoc, (_doc, reason) => this.handleRefusal(reason));
    };
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (!navigator.onLine) this.current = 'offline';
  }

  /** The awareness (presence and cursors) of this document. */
  get awareness(): Awareness {
    return this.provider.awareness;
  }

  /** The connection state now. */
  get state(): ConnectionState {
    return this.current;
  }

  /** True once this session has been in sync with the server at least once. */
  get hasSynced(): boolean {
    return this.everSynced;
  }

  /**
   * Calls `listener` once the server refuses this device's edits (at once if it
   * already has): the text was frozen, submitted or withdrawn meanwhile. Refused
   * edits are in this device's copy only and will never reach the server.
   */
  onRefused(listener: RefusalListener): () => void {
    if (this.refusal !== null) listener(this.refusal);
    else this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /**
   * Deletes this device's copy of the text, and with it the edits the server
   * refused; the page must then open the text afresh (this session's Y.Doc
   * still holds them).
   */
  async discardLocalCopy(): Promise<void> {
    this.storeWrites.drop();
    await this.store.clearData();
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves when there is something to show: at once after the local store
   * loaded if it holds the text (the server's changes merge in as they come),
   * else when the server has sent it. Never resolves while the text is neither
   * on this device nor reachable; rejects when the server refuses.
   */
  async ready(): Promise<ReadySource> {
    await this.store.whenSynced;
    if (this.provider.synced) return 'server';
    if (this.fragment.length > 0) return 'device';
    return new Promise<ReadySource>((resolve, reject) => {
      const check = () => {
        if (this.provider.synced) {
          stop();
          resolve('server');
        } else if (this.current === 'unauthenticated' || this.current === 'forbidden') {
          stop();
          reject(new Error(this.current));
        }
      };
      const stop = this.onState(check);
      check();
    });
  }

  /** Closes the connection and the local store; the store's data stays on disk. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.listeners.clear();
    this.refusalListeners.clear();
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.storeWrites.stop();
    void this.store.destroy();
    this.ydoc.destroy();
  }

  private setState(next: ConnectionState): void {
    if (this.current === next || this.destroyed) return;
    if ((this.current === 'unauthenticated' || this.current === 'forbidden') && next !== 'connected') return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  private handleStatus(status: 'connected' | 'disconnected' | 'connecting'): void {
    if (status === 'connected') this.setState(this.provider.synced ? 'connected' : 'syncing');
    else if (status === 'disconnected') this.setState(navigator.onLine ? 'reconnecting' : 'offline');
    else if (this.current === 'offline' && navigator.onLine) this.setState(this.everSynced ? 'reconnecting' : 'connecting');
  }

  private handleSync(synced: boolean): void {
    if (synced) {
      this.everSynced = true;
      this.setState('connected');
    } else if (this.provider.wsconnected) {
      this.setState('syncing');
    }
  }

  private handleRefusal(reason: string): void {
    if (this.refusal !== null || this.destroyed) return;
    this.refusal = reason;
    for (const listener of this.refusalListeners) listener(reason);
    this.refusalListeners.clear();
  }

  private handleClose(event: CloseEvent | null): void {
    const code = event?.code;
    if (code === CLOSE_UNAUTHENTICATED || code === CLOSE_FORBIDDEN) {
      // Retrying cannot help; stop before y-websocket schedules the next attempt.
      this.provider.disconnect();
      this.setState(code === CLOSE_UNAUTHENTICATED ? 'unauthenticated' : 'forbidden');
      return;
    }
    if (!navigator.onLine || this.provider.wsUnsuccessfulReconnects >= RECONNECT_ATTEMPTS_BEFORE_OFFLINE) this.setState('offline');
    else if (this.current !== 'connecting' || this.everSynced) this.setState('reconnecting');
  }

  private handleOnline(): void {
    if (this.current === 'unauthenticated' || this.current === 'forbidden') return;
    // A short flap can leave the socket open: no status event follows, so the state must come from the socket itself.
    this.setState(this.socketState());
    // Skip the rest of the backoff: the network is back.
    if (!this.provider.wsconnected && !this.provider.wsconnecting) this.provider.connect();
  }

  /** The state the socket is really in, for when the browser's online event says the network is back. */
  private socketState(): ConnectionState {
    if (this.provider.wsconnected) return this.provider.synced ? 'connected' : 'syncing';
    return this.everSynced ? 'reconnecting' : 'connecting';
  }
}

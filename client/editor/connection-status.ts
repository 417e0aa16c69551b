import { h, replaceChildren } from '../dom';
import { icon, type IconName } from '../icons';
import type { ConnectionState } from './collab';

/**
 * The connection line above the text: Connected / Reconnecting / Offline (your
 * edits are kept and will merge). It is a `role="status"` region, so screen
 * readers hear each change without losing their place.
 */

const MESSAGES: Record<ConnectionState, { text: string; detail?: string; tone: 'ok' | 'busy' | 'warn' | 'error'; iconName: IconName }> = {
  connecting: { text: 'Connecting…', tone: 'busy', iconName: 'refresh' },
  syncing: { text: 'Syncing…', tone: 'busy', iconName: 'refresh' },
  connected: { text: 'Connected', detail: 'Changes save as you type.', tone: 'ok', iconName: 'cloud' },
  reconnecting: { text: 'Reconnecting…', detail: 'Your edits are kept on this device.', tone: 'busy', iconName: 'refresh' },
  offline: { text: 'Offline — your edits are kept and will merge', tone: 'warn', iconName: 'cloudOff' },
  unauthenticated: { text: 'Signed out — sign in again to sync. Your edits are kept on this device.', tone: 'error', iconName: 'alert' },
  forbidden: { text: 'No access — the server did not let you open this document.', tone: 'error', iconName: 'lock' },
};

/** The text a state shows (also used by tests). */
export function connectionText(state: ConnectionState, readOnly = false): string {
  if (readOnly && state === 'offline') return 'Offline — showing the copy saved on this device';
  return MESSAGES[state].text;
}

/** A status line; call `set` on every connection change. */
export interface ConnectionStatus {
  element: HTMLElement;
  set(state: ConnectionState): void;
}

/** Builds the status line. */
export function createConnectionStatus(readOnly: boolean): ConnectionStatus {
  const element = h('p', { class: 'connection', attrs: { role: 'status' } });
  return {
    element,
    set(state) {
      const message = MESSAGES[state];
      element.className = `connection connection--${message.tone}`;
      element.dataset.state = state;
      element.title = message.detail ?? '';
      replaceChildren(element, icon(message.iconName), h('span', { class: 'connection__text' }, connectionText(state, readOnly)));
    },
  };
}

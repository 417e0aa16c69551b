import type { WebsocketProvider } from 'y-websocket';

/**
 * Makes a provider send the server only this client's own presence.
 *
 * y-websocket sends every awareness change it hears of, also those the server
 * just sent it: each cursor move of one person came back to the server from
 * every other client on the text (29 copies in a caucus of 30, and every
 * presence renewal too, so the messages grew with the square of the people
 * present). The server ignored the copies (they are not newer than what it
 * has), but each cost a message from each device and counted against that
 * socket's message budget, which a large room could use up with copies alone
 * and so slow the device's own edits. What the server sends is applied as
 * before; this client's changes (and its timeouts of others) are still sent.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const sendAll = provider._awarenessUpdateHandler;
  const sendOwn: typeof sendAll = (changes, origin) => {
    // y-websocket applies what the server sent with the provider as origin.
    if (origin !== provider) sendAll(changes, origin);
  };
  provider.awareness.off('update', sendAll);
  provider.awareness.on('update', sendOwn);
  // The provider removes this listener when it is destroyed.
  provider._awarenessUpdateHandler = sendOwn;
}

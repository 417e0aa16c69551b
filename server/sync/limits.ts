/**
 * Limits of the sync server, each with the reason for its size. Together they
 * keep one bad or slow client from stalling a room or the process.
 */

/** Largest WebSocket message accepted: pasting a whole 10,000-word text is ~100 KB; 8 MiB leaves room for big initial syncs. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** What a client may send while its document is still loading from disk, before it is dropped. */
export const MAX_BYTES_WHILE_LOADING = 16 * 1024 * 1024;

/** A client whose unsent data passes this is too slow to keep up; it is dropped so the room is not held back. */
export const MAX_SEND_BUFFER_BYTES = 16 * 1024 * 1024;

/** Journal rows after which a document is compacted into one snapshot row (in the background). */
export const COMPACTION_THRESHOLD = 500;

/** On unload, a document with at least this many rows is compacted, so cold starts stay fast. */
export const COMPACT_ON_UNLOAD_THRESHOLD = 20;

/** How long a document with nobody connected stays in memory, so a quick reload does not reread it. */
export const IDLE_UNLOAD_MS = 30_000;

/**
 * Concurrent sync sockets one address may hold (default of the `maxSyncSocketsPerIp` build option).
 * A venue's Wi-Fi may put all 1,200 delegates behind one NAT address, some with two texts open;
 * far beyond that one address is a runaway script, and each socket costs memory and a file descriptor.
 */
export const MAX_SYNC_SOCKETS_PER_IP = 2_000;

/** Keep-alive ping interval; a client that misses a pong in this time is disconnected. */
export const PING_INTERVAL_MS = 30_000;

/** How long after the last edit the document's title and "last changed" are written to its row. */
export const METADATA_DEBOUNCE_MS = 1_000;

/** WebSocket close codes this server uses (4xxx are application codes). */
export const CLOSE = {
  unauthenticated: 4401,
  forbidden: 4403,
  badMessage: 4400,
  tooSlow: 4408,
  tooMuchWhileLoading: 4413,
  tooManyConnections: 4429,
  messageTooBig: 1009,
  serverError: 1011,
  goingAway: 1001,
} as const;

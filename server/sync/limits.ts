/**
 * Limits of the sync server, each with the reason for its size. Together they
 * keep one bad or slow client from stalling a room or the process.
 */

/** Largest WebSocket message accepted: pasting a whole 10,000-word text is ~100 KB; 8 MiB leaves room for big initial syncs. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Largest awareness update (presence: a name, a colour, a cursor; well under 1 KB): it is relayed to everyone in the room. */
export const MAX_AWARENESS_BYTES = 64 * 1024;

/**
 * Incoming messages per second one socket may sustain, and the burst it may send at once.
 * A fast typist sends ~30 a second (an update and a cursor move per keystroke); a reconnect
 * sends one. Past the budget the server stops reading that socket until it refills, so TCP
 * pushes back on the sender: a flood slows its sender, not the room.
 */
export const MESSAGES_PER_SECOND = 200;
export const MESSAGE_BURST = 2_000;

/** What a request for the whole document (sync step 1) or for everyone's presence costs in messages of the budget above. */
export const FULL_STATE_REQUEST_COST = 20;

/**
 * Updates a socket may send that Yjs cannot apply yet because something they build on is
 * missing (held as "pending"), and the bytes pending per document. Every later update
 * re-merges what is pending, so an unbounded pile is quadratic work; a stock client only
 * causes this briefly (an edit from another tab of the same browser that arrives first).
 */
export const MAX_PENDING_UPDATES_PER_SOCKET = 50;
export const MAX_PENDING_BYTES = 1024 * 1024;

/** What a client may have sent that is not handled yet (while its document loads from disk, or while it is over its message budget) before it is dropped. */
export const MAX_BYTES_WHILE_LOADING = 16 * 1024 * 1024;

/** A client whose unsent data passes this is too slow to keep up; it is dropped so the room is not held back. */
export const MAX_SEND_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Most live updates written in one journal transaction. Updates are written together once
 * per event-loop turn (a commit costs several times a row); past this many the batch is
 * written at once, so the first of a burst does not wait behind hundreds of others.
 */
export const JOURNAL_BATCH_MAX = 100;

/**
 * Rooms with at most this many sockets write each update and relay it at once; busier rooms
 * write and relay the updates of an event-loop turn together. Waiting for the turn to end
 * costs an update the time the server takes for every other message read in that turn
 * (tenths of a millisecond when many documents are typed in). It pays off only where one
 * batch saves many writes: in a room of 250 sockets two keystrokes relayed together are 249
 * writes instead of 498, while in a caucus of a few drafters they save a couple of writes
 * and a commit of ~10 us.
 */
export const WRITE_AT_ONCE_MAX_SOCKETS = 16;

/** Journal rows after which a document is compacted into one snapshot row (in the background). */
export const COMPACTION_THRESHOLD = 500;

/** On unload, a document with at least this many rows is compacted, so cold starts stay fast. */
export const COMPACT_ON_UNLOAD_THRESHOLD = 20;

/** How often the worker thread copies committed WAL pages into the database file (see checkpointer.ts), off the event loop. */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * WAL pages (4 KiB) after which the server's own connection checkpoints (SQLite's default is 1,000).
 * Under steady writes only a checkpoint in the writing thread lets the WAL start over, so this
 * still happens, 10x less often than by default, and with the worker having copied nearly every page.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

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

/**
 * How often, while a text is being typed in, its title and "last changed" are written to its
 * row (for the document list). Each write is a commit of its own, so at once a second 500 texts
 * being drafted cost 500 commits a second; a drafter who leaves the text has it written at once.
 */
export const METADATA_DEBOUNCE_MS = 5_000;

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

/**
 * The tamper-evident signature log: every signature event is one entry that
 * carries the SHA-256 of the entry before it, so changing, removing or
 * reordering any entry breaks every link after it. The hash function is passed
 * in (node:crypto on the server, anything equivalent elsewhere) so this module
 * stays pure.
 */

/** What happened to a signature. */
export type AuditEvent = 'sign' | 'withdraw' | 'paper' | 'strike' | 'restore';

/** The facts an entry records, before it is chained. */
export interface AuditFacts {
  /** ISO 8601 instant of the event. */
  at: string;
  event: AuditEvent;
  conventionId: string;
  documentId: string;
  memberId: string;
  /** The user who acted: the signer for sign/withdraw, the staff member for paper/strike/restore. */
  actorId: string | null;
  /** Staff's reason for a strike or a restore, or a note on a paper signature. */
  reason: string | null;
}

/** An entry as stored: its facts, its position, and the chain's two hashes. */
export interface AuditEntry extends AuditFacts {
  /** 1, 2, 3 ... without gaps. */
  seq: number;
  prevHash: string;
  hash: string;
}

/** SHA-256 of a UTF-8 string, as 64 lowercase hex digits. */
export type Sha256Hex = (text: string) => string;

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers, in the order they are serialised. */
const HASHED_FIELDS = ['actorId', 'at', 'conventionId', 'documentId', 'event', 'memberId', 'prevHash', 'reason', 'seq'] as const;

/**
 * The canonical serialisation an entry is hashed over: a JSON object with
 * exactly the hashed fields, keys sorted, no whitespace. Two entries serialise
 * the same iff every hashed field is equal.
 */
export function canonicalEntry(entry: AuditFacts & { seq: number; prevHash: string }): string {
  const parts = HASHED_FIELDS.map((field) => `${JSON.stringify(field)}:${JSON.stringify(entry[field] ?? null)}`);
  return `{${parts.join(',')}}`;
}

/** Chains `facts` after `previous` (null for the first entry): assigns the next seq and both hashes. */
export function chainEntry(previous: Pick<AuditEntry, 'seq' | 'hash'> | null, facts: AuditFacts, sha256: Sha256Hex): AuditEntry {
  const seq = previous ? previous.seq + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const unsigned = { ...facts, seq, prevHash };
  return { ...unsigned, hash: sha256(canonicalEntry(unsigned)) };
}

/** Why a link is broken. */
export type BrokenLinkReason = 'gap' | 'prev-hash' | 'hash';

/** The first broken link of a chain. */
export interface BrokenLink {
  /** The seq of the first entry that does not check out (for a gap: the seq found where another was expected). */
  seq: number;
  reason: BrokenLinkReason;
  message: string;
}

/** The result of checking a whole chain. */
export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** The hash of the last entry that checked out (the genesis hash for none). */
  headHash: string;
  firstBroken: BrokenLink | null;
}

/**
 * Checks a chain one entry at a time, in seq order (see `verifyChain`): for a
 * log read a page at a time. Once a link is broken, later entries are not looked at.
 */
export class ChainWalk {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private broken: BrokenLink | null = null;

  constructor(private readonly sha256: Sha256Hex) {}

  /** Checks the next entry; false when the chain is broken (at this entry or before). */
  add(entry: AuditEntry): boolean {
    if (this.broken) return false;
    this.broken = checkLink(entry, this.expectedSeq, this.prevHash, this.sha256);
    if (this.broken) return false;
    this.checked++;
    this.expectedSeq++;
    this.prevHash = entry.hash;
    return true;
  }

  /** The verdict on the entries seen so far. */
  result(): ChainVerification {
    return { ok: this.broken === null, entries: this.checked, headHash: this.prevHash, firstBroken: this.broken };
  }
}

/**
 * Checks a chain, entries in seq order: seqs run 1, 2, 3 ... without gaps,
 * each entry's `prevHash` is the previous entry's `hash` (the genesis hash for
 * the first), and each `hash` is the SHA-256 of the entry's canonical form.
 * Stops at the first broken link and names it. Works over any iterable, so a
 * database cursor can be checked without loading the log into memory.
 */
export function verifyChain(entries: Iterable<AuditEntry>, sha256: Sha256Hex): ChainVerification {
  const walk = new ChainWalk(sha256);
  for (const entry of entries) if (!walk.add(entry)) break;
  return walk.result();
}

function checkLink(entry: AuditEntry, expectedSeq: number, prevHash: string, sha256: Sha256Hex): BrokenLink | null {
  if (entry.seq !== expectedSeq) {
    return { seq: entry.seq, reason: 'gap', message: `Entry ${expectedSeq} is missing: the log jumps to entry ${entry.seq}.` };
  }
  if (entry.prevHash !== prevHash) {
    return { seq: entry.seq, reason: 'prev-hash', message: `Entry ${entry.seq} does not point to the entry before it: an entry was changed, removed or inserted.` };
  }
  if (sha256(canonicalEntry(entry)) !== entry.hash) {
    return { seq: entry.seq, reason: 'hash', message: `Entry ${entry.seq} was changed after it was written: its contents no longer match its hash.` };
  }
  return null;
}

/**
 * An anchor: one entry's number and hash, written down outside the database
 * (kept with an exported tally, read into the minutes). The chain alone shows
 * that no entry was changed without the hashes after it being recomputed, and
 * whoever can rewrite the database can recompute them all. An anchor kept
 * elsewhere catches that too: if entry N no longer has the recorded hash, the
 * log up to N was rewritten.
 */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** An anchor as people copy it: `entry:hash`, e.g. `1234:9f86d081…` (64 hex digits). */
export const AUDIT_ANCHOR_PATTERN = '^[1-9][0-9]{0,14}:[0-9a-f]{64}$';

const ANCHOR = new RegExp(AUDIT_ANCHOR_PATTERN);

/** The anchor for an entry, as `entry:hash`. */
export function formatAnchor(anchor: AuditAnchor): string {
  return `${anchor.seq}:${anchor.hash}`;
}

/** Reads `entry:hash` (surrounding spaces and upper-case hex forgiven); null when it is not one. */
export function parseAnchor(text: string): AuditAnchor | null {
  const trimmed = text.trim().toLowerCase();
  if (!ANCHOR.test(trimmed)) return null;
  const [seq, hash] = trimmed.split(':') as [string, string];
  return { seq: Number(seq), hash };
}

/** An anchor compared with the log. */
export interface AnchorCheck extends AuditAnchor {
  ok: boolean;
  message: string;
}

/** Compares an anchor with the hash the log holds now at its entry (undefined when there is no such entry). */
export function checkAnchor(anchor: AuditAnchor, storedHash: string | undefined): AnchorCheck {
  if (storedHash === undefined) {
    return { ...anchor, ok: false, message: `Entry ${anchor.seq}, recorded earlier, is no longer in the log: entries were removed.` };
  }
  if (storedHash !== anchor.hash) {
    return { ...anchor, ok: false, message: `Entry ${anchor.seq} no longer has the hash recorded for it: the log up to that entry was rewritten.` };
  }
  return { ...anchor, ok: true, message: `Entry ${anchor.seq} still has the hash recorded for it.` };
}

/** A (document, member) pair's state after replaying the log. */
export type ReplayedState = 'signed' | 'struck';

/**
 * Replays the log into the signatures it implies: `documentId` -> `memberId`
 * -> signed or struck (a restored signature is signed again, as it counts again).
 * Withdrawn signatures are absent. A log read in pages is replayed into the
 * map the first page returned (`documents`). The database's
 * signature table must say the same; a difference means one of them was
 * altered outside the application.
 */
export function replaySignatures(
  entries: Iterable<Pick<AuditEntry, 'event' | 'documentId' | 'memberId'>>,
  documents = new Map<string, Map<string, ReplayedState>>(),
): Map<string, Map<string, ReplayedState>> {
  for (const entry of entries) {
    let members = documents.get(entry.documentId);
    if (!members) documents.set(entry.documentId, (members = new Map()));
    switch (entry.event) {
      case 'sign':
      case 'paper':
      case 'restore':
        members.set(entry.memberId, 'signed');
        break;
      case 'withdraw':
        members.delete(entry.memberId);
        break;
      case 'strike':
        members.set(entry.memberId, 'struck');
        break;
    }
  }
  return documents;
}

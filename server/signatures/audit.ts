import { createHash } from 'node:crypto';
import type { Db } from '../db';
import {
  checkAnchor,
  formatAnchor,
  chainEntry,
  replaySignatures,
  verifyChain,
  type AnchorCheck,
  type AuditAnchor,
  type AuditEntry,
  type AuditFacts,
  type ChainVerification,
} from '../../shared/signatures/audit-chain';

/** SHA-256 of a UTF-8 string as hex: the hash the signature log is chained with. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface AuditRow {
  seq: number;
  at: string;
  event: AuditEntry['event'];
  conventionId: string;
  documentId: string;
  memberId: string;
  actorId: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

const SELECT_ENTRIES = `SELECT seq, at, event, convention_id AS conventionId, document_id AS documentId, member_id AS memberId,
  actor_id AS actorId, reason, prev_hash AS prevHash, hash FROM signature_audit`;

/**
 * Appends one signature event to the log, chained to the last entry. Call it
 * inside the transaction that makes the change, so the change and its entry
 * commit together or not at all; the `seq` primary key refuses a second writer
 * that read the same last entry.
 */
export function appendAudit(db: Db, facts: AuditFacts): AuditEntry {
  const entry = chainEntry(auditHead(db), facts, sha256Hex);
  db.prepare(
    `INSERT INTO signature_audit (seq, at, event, convention_id, document_id, member_id, actor_id, reason, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(entry.seq, entry.at, entry.event, entry.conventionId, entry.documentId, entry.memberId, entry.actorId, entry.reason, entry.prevHash, entry.hash);
  return entry;
}

/** The log's entries in order (a lazy cursor: the log is never loaded whole). */
export function auditEntries(db: Db): IterableIterator<AuditEntry> {
  return db.prepare(`${SELECT_ENTRIES} ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
}

/** Where the signatures table and the replayed log disagree. */
export interface StateMismatch {
  documentId: string;
  memberId: string;
  /** What the log says: `signed`, `struck` or `none`. */
  log: string;
  /** What the table says. */
  table: string;
}

/** The full check: the chain, the signatures table against the replayed log, and an anchor if one was given. */
export interface AuditReport extends ChainVerification {
  total: number;
  stateMismatches: StateMismatch[];
  anchor: AnchorCheck | null;
}

/** The log's last entry (null for an empty log): what to record as an anchor. */
export function auditHead(db: Db): AuditAnchor | null {
  const last = db.prepare('SELECT seq, hash FROM signature_audit ORDER BY seq DESC LIMIT 1').get() as AuditAnchor | undefined;
  return last ?? null;
}

/** The anchor to keep with an export (`entry:hash` of the log's last entry), or null for an empty log. */
export function currentAnchor(db: Db): string | null {
  const head = auditHead(db);
  return head ? formatAnchor(head) : null;
}

/** At most this many disagreements are listed: the first few locate the tampering. */
const MAX_MISMATCHES = 100;

/**
 * Verifies the signature log: walks the chain (SHA-256 over each entry's
 * canonical form, each pointing at the one before) and stops at the first
 * broken link; then replays the log and compares it with the signatures
 * table, so a signature added, removed or struck outside the application
 * shows up too; and, given an anchor recorded earlier, whether its entry still
 * has its hash (a log rewritten with fresh hashes passes the chain check, not
 * this one). Read in one transaction, so a concurrent signature cannot make
 * an intact log look broken.
 */
export function verifyAudit(db: Db, anchor?: AuditAnchor): AuditReport {
  return db.transaction(() => {
    const chain = verifyChain(auditEntries(db), sha256Hex);
    const total = (db.prepare('SELECT count(*) AS n FROM signature_audit').get() as { n: number }).n;
    const replayed = replaySignatures(auditEntries(db));
    const table = new Map<string, Map<string, string>>();
    const rows = db
      .prepare('SELECT document_id AS documentId, member_id AS memberId, struck_at AS struckAt FROM signatures WHERE withdrawn_at IS NULL')
      .all() as { documentId: string; memberId: string; struckAt: string | null }[];
    for (const row of rows) {
      let members = table.get(row.documentId);
      if (!members) table.set(row.documentId, (members = new Map()));
      members.set(row.memberId, row.struckAt ? 'struck' : 'signed');
    }
    const stateMismatches: StateMismatch[] = [];
    const documentIds = new Set([...replayed.keys(), ...table.keys()]);
    for (const documentId of documentIds) {
      const fromLog = replayed.get(documentId) ?? new Map<string, string>();
      const fromTable = table.get(documentId) ?? new Map<string, string>();
      for (const memberId of new Set([...fromLog.keys(), ...fromTable.keys()])) {
        const log = fromLog.get(memberId) ?? 'none';
        const inTable = fromTable.get(memberId) ?? 'none';
        if (log !== inTable && stateMismatches.length < MAX_MISMATCHES) stateMismatches.push({ documentId, memberId, log, table: inTable });
      }
    }
    const anchorCheck = anchor
      ? checkAnchor(anchor, (db.prepare('SELECT hash FROM signature_audit WHERE seq = ?').get(anchor.seq) as { hash: string } | undefined)?.hash)
      : null;
    return { ...chain, ok: chain.ok && stateMismatches.length === 0 && (anchorCheck?.ok ?? true), total, stateMismatches, anchor: anchorCheck };
  })();
}

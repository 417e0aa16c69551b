/**
 * The signature audit log behind the storage seam: appends chained inside the
 * transaction that makes the change, and the full check. Appends are serialised
 * in the database: the appending flow first takes the chain lock
 * (`lockAuditChain`: PostgreSQL's `pg_advisory_xact_lock`, held until the
 * transaction ends; on SQLite the write lock already is one), then reads the
 * head and writes the next link, so two processes appending at once make one
 * unbroken chain. The `seq` primary key and the unique hash stay the last guard.
 */
import { createHash } from 'node:crypto';
import {
  checkAnchor,
  formatAnchor,
  chainEntry,
  replaySignatures,
  ChainWalk,
  type AnchorCheck,
  type AuditAnchor,
  type AuditEntry,
  type AuditFacts,
  type ChainVerification,
} from '../../shared/signatures/audit-chain';
import { asker, type Flow } from '../storage/flow';

/** SHA-256 of a UTF-8 string as hex: the hash the signature log is chained with. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the audit log asks of a backend. */
export interface AuditOps {
  /** Serialises appends to the chain until the transaction ends. */
  lockAuditChain(): void;
  /** The log's last entry, or undefined for an empty log. */
  auditHead(): AuditAnchor | undefined;
  insertAuditEntry(entry: AuditEntry): void;
  /** At most `limit` entries after `afterSeq`, in order. */
  auditPage(afterSeq: number, limit: number): AuditEntry[];
  auditCount(): number;
  /** Every live (not withdrawn) signature row's document, member and whether it is struck. */
  liveSignatureStates(): { documentId: string; memberId: string; struckAt: string | null }[];
  /** The hash the log holds at an entry, or undefined. */
  auditHashAt(seq: number): string | undefined;
}

const ask = asker<AuditOps>();

/** Entries read per page when walking the log (it is never loaded whole). */
export const AUDIT_PAGE_ENTRIES = 5_000;

/** Appends one signature event, chained to the head. Run it inside the transaction that makes the change: the change and its entry commit together or not at all. */
export function* appendAudit(facts: AuditFacts): Flow<AuditEntry> {
  yield* ask('lockAuditChain');
  const entry = chainEntry((yield* ask('auditHead')) ?? null, facts, sha256Hex);
  yield* ask('insertAuditEntry', entry);
  return entry;
}

/** The anchor to keep with an export (`entry:hash` of the log's last entry), or null for an empty log. */
export function* currentAnchor(): Flow<string | null> {
  const head = yield* ask('auditHead');
  return head ? formatAnchor(head) : null;
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

/** At most this many disagreements are listed: the first few locate the tampering. */
const MAX_MISMATCHES = 100;

/**
 * Verifies the signature log: walks the chain (SHA-256 over each entry's
 * canonical form, each pointing at the one before) and stops at the first
 * broken link; then replays the log and compares it with the signatures
 * table, so a signature added, removed or struck outside the application
 * shows up too; and, given an anchor recorded earlier, whether its entry still
 * has its hash (a log rewritten with fresh hashes passes the chain check, not
 * this one). Run it in one snapshot, so a concurrent signature cannot make an
 * intact log look broken.
 */
export function* verifyAudit(anchor?: AuditAnchor): Flow<AuditReport> {
  const walk = new ChainWalk(sha256Hex);
  const replayed: ReturnType<typeof replaySignatures> = new Map();
  for (let after = 0; ; ) {
    const page = yield* ask('auditPage', after, AUDIT_PAGE_ENTRIES);
    for (const entry of page) walk.add(entry);
    replaySignatures(page, replayed);
    if (page.length < AUDIT_PAGE_ENTRIES) break;
    after = page.at(-1)!.seq;
  }
  const chain = walk.result();
  const total = yield* ask('auditCount');
  const table = new Map<string, Map<string, string>>();
  for (const row of yield* ask('liveSignatureStates')) {
    let members = table.get(row.documentId);
    if (!members) table.set(row.documentId, (members = new Map()));
    members.set(row.memberId, row.struckAt ? 'struck' : 'signed');
  }
  const stateMismatches: StateMismatch[] = [];
  for (const documentId of new Set([...replayed.keys(), ...table.keys()])) {
    const fromLog = replayed.get(documentId) ?? new Map<string, string>();
    const fromTable = table.get(documentId) ?? new Map<string, string>();
    for (const memberId of new Set([...fromLog.keys(), ...fromTable.keys()])) {
      const log = fromLog.get(memberId) ?? 'none';
      const inTable = fromTable.get(memberId) ?? 'none';
      if (log !== inTable && stateMismatches.length < MAX_MISMATCHES) stateMismatches.push({ documentId, memberId, log, table: inTable });
    }
  }
  const anchorCheck = anchor ? checkAnchor(anchor, yield* ask('auditHashAt', anchor.seq)) : null;
  return { ...chain, ok: chain.ok && stateMismatches.length === 0 && (anchorCheck?.ok ?? true), total, stateMismatches, anchor: anchorCheck };
}

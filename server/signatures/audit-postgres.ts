/**
 * The signature audit log in PostgreSQL. Appends are serialised in the database:
 * the appending transaction first takes `pg_advisory_xact_lock(AUDIT_CHAIN_LOCK)`,
 * then reads the chain's head and writes the next link; the lock is held until that
 * transaction commits or rolls back, so two processes appending at once make one
 * unbroken chain (the second reads the first's entry as its head). The `seq`
 * primary key and the unique hash stay the last guard.
 */
import { chainEntry, verifyChain, type AuditAnchor, type AuditEntry, type AuditFacts, type ChainVerification } from '../../shared/signatures/audit-chain';
import type { PgClient, PgQueryable } from '../db/postgres';
import { sha256Hex } from './audit';

/** The advisory lock key of the audit chain's head (any constant bigint; 'sigc' in ASCII). */
export const AUDIT_CHAIN_LOCK = 0x73696763;

const SELECT_ENTRIES = `SELECT seq, at, event, convention_id AS "conventionId", document_id AS "documentId", member_id AS "memberId",
  actor_id AS "actorId", reason, prev_hash AS "prevHash", hash FROM signature_audit`;

/** Entries read per query when walking the log (it is never loaded whole). */
const ENTRIES_PER_PAGE = 5_000;

/** The log's last entry, or null for an empty log. */
export async function auditHeadPg(pg: PgQueryable): Promise<AuditAnchor | null> {
  const { rows } = await pg.query<AuditAnchor>('SELECT seq, hash FROM signature_audit ORDER BY seq DESC LIMIT 1');
  return rows[0] ?? null;
}

/**
 * Appends one signature event, chained to the head. `client` must be inside the
 * transaction that makes the change: the change, its entry and the lock end together.
 */
export async function appendAuditPg(client: PgClient, facts: AuditFacts): Promise<AuditEntry> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
  const entry = chainEntry(await auditHeadPg(client), facts, sha256Hex);
  await client.query(
    `INSERT INTO signature_audit (seq, at, event, convention_id, document_id, member_id, actor_id, reason, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [entry.seq, entry.at, entry.event, entry.conventionId, entry.documentId, entry.memberId, entry.actorId, entry.reason, entry.prevHash, entry.hash],
  );
  return entry;
}

/** The log's entries in order, a page at a time. */
export async function* auditEntriesPg(pg: PgQueryable): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const { rows } = await pg.query<AuditEntry>(`${SELECT_ENTRIES} WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, ENTRIES_PER_PAGE]);
    yield* rows;
    if (rows.length < ENTRIES_PER_PAGE) return;
    after = rows.at(-1)!.seq;
  }
}

/** Walks the chain (see `verifyChain`) and counts its entries. */
export async function verifyChainPg(pg: PgQueryable): Promise<ChainVerification & { total: number }> {
  const entries: AuditEntry[] = [];
  for await (const entry of auditEntriesPg(pg)) entries.push(entry);
  return { ...verifyChain(entries, sha256Hex), total: entries.length };
}

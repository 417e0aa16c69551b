/**
 * Signing in PostgreSQL, for any number of processes. Each change is one
 * transaction: the checks (the text takes signatures, the member is on the roster
 * and eligible, has no live signature), the row, its audit entry and the status
 * change. Two requests of one member racing on two processes both pass the checks;
 * the partial unique index `signatures_one_live_per_member` lets exactly one insert
 * commit and the other fails with 23505 (answered 409 "already signed"). The audit
 * entry is appended under the chain lock (see audit-postgres.ts), taken after the
 * insert, so a refused duplicate never waits for it.
 */
import { ineligibility, ruleFor, statusForTally } from '../../shared/signatures';
import type { Convention, DocumentStatus } from '../../shared/api';
import { CURRENT_CONVENTION, conventionFromRow, type ConventionRow } from '../conventions/store';
import type { DocumentRecord } from '../documents/store';
import { errors } from '../errors';
import { isPgUniqueViolation, pgPlaceholders, pgTransaction, type PgClient, type PgPool, type PgQueryable } from '../db/postgres';
import { appendAuditPg } from './audit-postgres';
import type { Signer, SignatureStore } from './signature-store';
import {
  checkOpen,
  countFromRecords,
  eligibilityMessage,
  isOpen,
  refuseExisting,
  SELECT_MEMBER,
  SELECT_SIGNATURE_RECORDS,
  toMember,
  toSignatureRecords,
  type DocumentCount,
  type LiveSignature,
  type RosterRow,
  type SignatureRecordRow,
} from './store';

/** The partial unique index that decides one live signature per member and text. */
const ONE_LIVE_SIGNATURE_INDEX = 'signatures_one_live_per_member';

const SELECT_DOCUMENT = `
  SELECT d.id, d.convention_id AS "conventionId", d.code, d.kind, d.status, d.title,
         d.caucus_id AS "caucusId", c.name AS "caucusName", c.kind AS "caucusKind",
         d.base_id AS "baseId", d.base_version AS "baseVersion", d.rationale,
         d.created_by AS "createdBy", d.created_at AS "createdAt", d.updated_at AS "updatedAt"
  FROM documents d LEFT JOIN caucuses c ON c.id = d.caucus_id WHERE d.id = $1`;

const MEMBER_BY_EMAIL = pgPlaceholders(`${SELECT_MEMBER} WHERE convention_id = ? AND lower(email) = lower(?) ORDER BY updated_at DESC LIMIT 1`);
const SIGNATURE_RECORDS = pgPlaceholders(SELECT_SIGNATURE_RECORDS);

async function convention(pg: PgQueryable): Promise<Convention> {
  return conventionFromRow((await pg.query<ConventionRow>(CURRENT_CONVENTION)).rows[0]);
}

async function documentById(pg: PgQueryable, id: string): Promise<DocumentRecord | undefined> {
  return (await pg.query<DocumentRecord>(SELECT_DOCUMENT, [id])).rows[0];
}

async function liveSignature(pg: PgQueryable, documentId: string, memberId: string): Promise<LiveSignature | undefined> {
  const { rows } = await pg.query<LiveSignature>(
    'SELECT id, struck_at AS "struckAt", struck_reason AS "struckReason" FROM signatures WHERE document_id = $1 AND member_id = $2 AND withdrawn_at IS NULL',
    [documentId, memberId],
  );
  return rows[0];
}

async function countOf(pg: PgQueryable, doc: DocumentRecord, conv: Convention, now: number): Promise<DocumentCount> {
  const rows = (await pg.query<SignatureRecordRow>(SIGNATURE_RECORDS, [doc.id])).rows;
  return countFromRecords(toSignatureRecords(rows, ruleFor(conv.rules, doc.kind)), doc, conv, now);
}

/** Moves the document between submitted and qualified to match its count, as `reconcileStatus` does on SQLite. */
async function reconcile(client: PgClient, doc: DocumentRecord, count: DocumentCount): Promise<DocumentStatus> {
  const target = statusForTally(doc.status, count);
  if (target === doc.status) return doc.status;
  const { rows } = await client.query<{ toStatus: DocumentStatus; isStaff: number | null }>(
    `SELECT e.to_status AS "toStatus", u.is_staff AS "isStaff" FROM document_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.document_id = $1 ORDER BY e.id DESC LIMIT 1`,
    [doc.id],
  );
  const last = rows[0];
  if (last && last.toStatus === doc.status && last.isStaff === 1) return doc.status;
  const at = new Date().toISOString();
  await client.query('UPDATE documents SET status = $1, updated_at = $2 WHERE id = $3', [target, at, doc.id]);
  await client.query('INSERT INTO document_events (document_id, from_status, to_status, action, actor_id, note, at) VALUES ($1, $2, $3, $4, NULL, $5, $6)', [
    doc.id,
    doc.status,
    target,
    target === 'qualified' ? 'threshold reached' : 'fell below the threshold',
    `${count.count} of ${count.threshold} signatures`,
    at,
  ]);
  return target;
}

async function settle(client: PgClient, doc: DocumentRecord, conv: Convention, now: number): Promise<DocumentCount> {
  const count = await countOf(client, doc, conv, now);
  const status = await reconcile(client, doc, count);
  return { ...count, status, open: isOpen({ ...doc, status }, ruleFor(conv.rules, doc.kind), conv, now) };
}

/** Signatures in PostgreSQL (see the module comment). */
export class PgSignatureStore implements SignatureStore {
  constructor(private readonly pool: PgPool) {}

  async sign(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    try {
      return await pgTransaction(this.pool, async (client) => {
        const conv = await convention(client);
        const doc = checkOpen(await documentById(client, documentId), conv, now);
        const member = toMember((await client.query<RosterRow>(MEMBER_BY_EMAIL, [conv.id, user.email])).rows[0]);
        const reason = ineligibility(member, ruleFor(conv.rules, doc.kind));
        if (reason !== null || !member) throw errors.notEligible(eligibilityMessage(reason));
        const existing = await liveSignature(client, doc.id, member.memberId);
        if (existing) refuseExisting(existing, 'you');
        const at = new Date(now).toISOString();
        await client.query(`INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at) VALUES ($1, $2, $3, $4, 'online', $5)`, [
          conv.id,
          doc.id,
          member.memberId,
          user.id,
          at,
        ]);
        await appendAuditPg(client, { at, event: 'sign', conventionId: conv.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
        return settle(client, doc, conv, now);
      });
    } catch (error) {
      if (isPgUniqueViolation(error, ONE_LIVE_SIGNATURE_INDEX)) throw errors.alreadySigned();
      throw error;
    }
  }

  async withdraw(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    return pgTransaction(this.pool, async (client) => {
      const conv = await convention(client);
      const doc = checkOpen(await documentById(client, documentId), conv, now);
      const member = toMember((await client.query<RosterRow>(MEMBER_BY_EMAIL, [conv.id, user.email])).rows[0]);
      // FOR UPDATE: two withdrawals racing change the row (and log it) once.
      const existing = member
        ? (
            await client.query<LiveSignature>(
              'SELECT id, struck_at AS "struckAt", struck_reason AS "struckReason" FROM signatures WHERE document_id = $1 AND member_id = $2 AND withdrawn_at IS NULL FOR UPDATE',
              [doc.id, member.memberId],
            )
          ).rows[0]
        : undefined;
      if (!member || !existing) throw errors.notSigned();
      if (existing.struckAt !== null) refuseExisting(existing, 'you');
      const at = new Date(now).toISOString();
      const updated = await client.query('UPDATE signatures SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL', [at, existing.id]);
      if (updated.rowCount !== 1) throw errors.notSigned();
      await appendAuditPg(client, { at, event: 'withdraw', conventionId: conv.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
      return settle(client, doc, conv, now);
    });
  }

  async count(documentId: string, now = Date.now()): Promise<DocumentCount> {
    const conv = await convention(this.pool);
    const doc = await documentById(this.pool, documentId);
    if (!doc) throw errors.notFound('No such document.');
    return countOf(this.pool, doc, conv, now);
  }
}

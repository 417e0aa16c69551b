import type { Db } from '../db';
import type { Convention, DocumentStatus, SignatureRule } from '../../shared/api';
import type { DocumentTally, SignatureEntry, SignatureStaffAction } from '../../shared/signatures-api';
import {
  collectsSignatures,
  computeTally,
  deadlinePassed,
  ineligibility,
  isEligible,
  ruleFor,
  SIGNABLE_STATUSES,
  statusForTally,
  type RosterMember,
  type SignatureRecord,
  type Tally,
} from '../../shared/signatures';
import { conventionTime, currentConvention } from '../conventions/store';
import { getDocument, type DocumentRecord } from '../documents/store';
import { recordTransition } from '../documents/events';
import { errors } from '../errors';
import { appendAudit } from './audit';

export interface RosterRow {
  memberId: string;
  name: string;
  email: string;
  chapter: string;
  goodStanding: number;
  delegate: number;
}

export const SELECT_MEMBER = `SELECT member_id AS "memberId", name, email, chapter, good_standing AS "goodStanding", delegate FROM roster`;

export function toMember(row: RosterRow | undefined): RosterMember | null {
  if (!row) return null;
  return { ...row, goodStanding: row.goodStanding === 1, delegate: row.delegate === 1 };
}

/** The roster entry a user is linked to, by email (case-insensitive), or null. */
export function memberByEmail(db: Db, conventionId: string, email: string): RosterMember | null {
  return toMember(db.prepare(`${SELECT_MEMBER} WHERE convention_id = ? AND email = ? ORDER BY updated_at DESC LIMIT 1`).get(conventionId, email) as RosterRow | undefined);
}

/** The roster entry with this member id, or null. */
export function memberById(db: Db, conventionId: string, memberId: string): RosterMember | null {
  return toMember(db.prepare(`${SELECT_MEMBER} WHERE convention_id = ? AND member_id = ?`).get(conventionId, memberId) as RosterRow | undefined);
}

/** A document's signature rows with their signers' roster entries, oldest first (both backends; `?` is the document id). */
export const SELECT_SIGNATURE_RECORDS = `SELECT s.member_id AS "memberId", s.signed_at AS "signedAt", s.withdrawn_at AS "withdrawnAt", s.struck_at AS "struckAt",
       r.member_id AS "rosterId", r.name, r.email, r.chapter, r.good_standing AS "goodStanding", r.delegate
  FROM signatures s LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
  WHERE s.document_id = ? ORDER BY s.signed_at, s.id`;

/** A row of `SELECT_SIGNATURE_RECORDS`. */
export type SignatureRecordRow = Omit<RosterRow, 'memberId'> & { memberId: string; rosterId: string | null; signedAt: string; withdrawnAt: string | null; struckAt: string | null };

/** Every signature row of a document, oldest first, with the signer's roster entry judged against `rule`. */
function signatureRecords(db: Db, doc: DocumentRecord, rule: SignatureRule | undefined): SignatureRecord[] {
  return toSignatureRecords(db.prepare(SELECT_SIGNATURE_RECORDS).all(doc.id) as SignatureRecordRow[], rule);
}

/** Signature rows judged against `rule`: what the tally counts. */
export function toSignatureRecords(rows: readonly SignatureRecordRow[], rule: SignatureRule | undefined): SignatureRecord[] {
  return rows.map((row) => ({
    memberId: row.memberId,
    chapter: row.chapter ?? null,
    signedAt: row.signedAt,
    withdrawnAt: row.withdrawnAt,
    struckAt: row.struckAt,
    eligible: row.rosterId !== null && isEligible(toMember({ ...row, memberId: row.memberId }), rule),
  }));
}

/** A document's tally with the facts every viewer sees alike. */
export interface DocumentCount extends Tally {
  documentId: string;
  kind: DocumentRecord['kind'];
  status: DocumentStatus;
  signers: SignatureRule['signers'] | null;
  collecting: boolean;
  open: boolean;
  deadline: string | null;
  deadlinePassed: boolean;
  timezone: string;
}

/** Whether a text in this status, under this rule, takes signatures now. */
export function isOpen(doc: DocumentRecord, rule: SignatureRule | undefined, convention: Convention, now: number): boolean {
  return collectsSignatures(rule) && SIGNABLE_STATUSES.includes(doc.status) && !deadlinePassed(convention.signatureDeadline, now);
}

/** Counts a document's signatures under the convention's rule for its kind. */
export function countDocument(db: Db, doc: DocumentRecord, convention: Convention = currentConvention(db), now = Date.now()): DocumentCount {
  return countFromRecords(signatureRecords(db, doc, ruleFor(convention.rules, doc.kind)), doc, convention, now);
}

/** A document's count from its signature records (see `toSignatureRecords`), on any backend. */
export function countFromRecords(records: readonly SignatureRecord[], doc: DocumentRecord, convention: Convention, now: number): DocumentCount {
  const rule = ruleFor(convention.rules, doc.kind);
  const collecting = collectsSignatures(rule);
  return {
    ...computeTally([...records], rule),
    documentId: doc.id,
    kind: doc.kind,
    status: doc.status,
    signers: collecting ? rule.signers : null,
    collecting,
    open: isOpen(doc, rule, convention, now),
    deadline: convention.signatureDeadline,
    deadlinePassed: deadlinePassed(convention.signatureDeadline, now),
    timezone: convention.timezone,
  };
}

/** Someone asking for a tally: what makes it theirs. */
export interface TallyViewer {
  email: string;
}

/**
 * A document's tally as `viewer` sees it: the shared count plus whether they
 * signed, whether their signature was struck, and whether they may sign.
 * `overTime` is left out unless asked for (it grows with every event).
 */
export function viewerTally(db: Db, count: DocumentCount, viewer: TallyViewer, options: { overTime: boolean; convention?: Convention }): DocumentTally {
  const convention = options.convention ?? currentConvention(db);
  const member = memberByEmail(db, convention.id, viewer.email);
  const mine = member
    ? (db
        .prepare('SELECT struck_at AS struckAt, struck_reason AS reason FROM signatures WHERE document_id = ? AND member_id = ? AND withdrawn_at IS NULL')
        .get(count.documentId, member.memberId) as { struckAt: string | null; reason: string | null } | undefined)
    : undefined;
  const reason = ineligibility(member, ruleFor(convention.rules, count.kind));
  const { overTime, ...rest } = count;
  return {
    ...rest,
    signedByMe: mine !== undefined && mine.struckAt === null,
    myStruckReason: mine?.struckAt ? mine.reason : null,
    eligible: reason === null,
    ineligibleReason: reason,
    ...(options.overTime ? { overTime } : {}),
  };
}

/**
 * Moves a document between submitted and qualified to match its tally, with a
 * line in its workflow history. A move staff made by hand between the two
 * (suspending the rules) is left standing until staff change it again.
 * Returns the new status. Run it inside the transaction that changed the count.
 */
export function reconcileStatus(db: Db, doc: DocumentRecord, count: Pick<Tally, 'qualified' | 'threshold' | 'count'>): DocumentStatus {
  const target = statusForTally(doc.status, count);
  if (target === doc.status) return doc.status;
  const last = db
    .prepare('SELECT to_status AS toStatus, actor_id AS actorId FROM document_events WHERE document_id = ? ORDER BY id DESC LIMIT 1')
    .get(doc.id) as { toStatus: DocumentStatus; actorId: string | null } | undefined;
  const overridden =
    last !== undefined &&
    last.toStatus === doc.status &&
    last.actorId !== null &&
    (db.prepare('SELECT is_staff FROM users WHERE id = ?').get(last.actorId) as { is_staff: number } | undefined)?.is_staff === 1;
  if (overridden) return doc.status;
  recordTransition(db, {
    documentId: doc.id,
    from: doc.status,
    to: target,
    action: target === 'qualified' ? 'threshold reached' : 'fell below the threshold',
    actorId: null,
    note: `${count.count} of ${count.threshold} signatures`,
  });
  return target;
}

/** Recounts every document that collects signatures and moves its status to match (after a roster or rule change). */
export function reconcileAll(db: Db): string[] {
  const convention = currentConvention(db);
  const changed: string[] = [];
  const ids = db.prepare("SELECT id FROM documents WHERE convention_id = ? AND status IN ('submitted', 'qualified')").all(convention.id) as { id: string }[];
  for (const { id } of ids) {
    const doc = getDocument(db, id)!;
    const before = doc.status;
    if (reconcileStatus(db, doc, countDocument(db, doc, convention)) !== before) changed.push(id);
  }
  return changed;
}

/** Loads a document inside a transaction and checks it takes signatures now. */
function openDocument(db: Db, documentId: string, convention: Convention, now: number, options: { ignoreDeadline?: boolean } = {}): DocumentRecord {
  return checkOpen(getDocument(db, documentId), convention, now, options);
}

/** Refuses (as `errors`) a document that is missing or does not take signatures now; returns it otherwise. Any backend. */
export function checkOpen(doc: DocumentRecord | undefined, convention: Convention, now: number, options: { ignoreDeadline?: boolean } = {}): DocumentRecord {
  if (!doc) throw errors.notFound('No such document.');
  const rule = ruleFor(convention.rules, doc.kind);
  if (!collectsSignatures(rule)) throw errors.notOpenForSignatures(`${kindWords(doc.kind)} do not collect signatures in this convention.`);
  if (!SIGNABLE_STATUSES.includes(doc.status)) throw errors.notOpenForSignatures(`Only submitted texts can be signed; this one is ${doc.status}.`);
  if (!options.ignoreDeadline && deadlinePassed(convention.signatureDeadline, now)) {
    throw errors.deadlinePassed(`The signature deadline passed on ${conventionTime(convention, convention.signatureDeadline!)}.`);
  }
  return doc;
}

export function kindWords(kind: DocumentRecord['kind']): string {
  return kind === 'consensus' ? 'Consensus texts' : kind === 'resolution' ? 'Resolutions' : 'Amendments';
}

/** A member's live (not withdrawn) signature row: at most one per document. */
export interface LiveSignature {
  id: number;
  struckAt: string | null;
  struckReason: string | null;
}

/** The current live (not withdrawn) row of a member's signature on a document. */
function liveSignature(db: Db, documentId: string, memberId: string): LiveSignature | undefined {
  return db
    .prepare('SELECT id, struck_at AS struckAt, struck_reason AS struckReason FROM signatures WHERE document_id = ? AND member_id = ? AND withdrawn_at IS NULL')
    .get(documentId, memberId) as LiveSignature | undefined;
}

export function refuseExisting(existing: Pick<LiveSignature, 'struckAt' | 'struckReason'>, who: 'you' | 'member'): never {
  if (existing.struckAt !== null) {
    throw errors.signatureStruck(`${who === 'you' ? 'Your' : 'This member’s'} signature on this text was struck by convention staff: ${existing.struckReason}`);
  }
  throw who === 'you' ? errors.alreadySigned() : errors.alreadySigned('This member has already signed this document.');
}

/** Runs `fn` in an IMMEDIATE transaction: it takes the write lock first, so two writers never read the same state. */
function writeTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** A unique-index violation: a second live signature for the same member, refused by the database itself. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The signed-in user signs a document. In one transaction: the document must
 * take signatures (kind with a rule, submitted or qualified, before the
 * deadline), the user must be on the roster and meet the kind's rule, and must
 * not have a live signature on it already; then the signature, its log entry
 * and any status change are written together. Concurrent requests from one
 * account serialise on the write lock, and the partial unique index is the
 * last guard: a member is counted once whatever happens.
 */
export function sign(db: Db, documentId: string, user: { id: string; email: string }, now = Date.now()): DocumentCount {
  try {
    return writeTransaction(db, () => {
      const convention = currentConvention(db);
      const doc = openDocument(db, documentId, convention, now);
      const member = memberByEmail(db, convention.id, user.email);
      const reason = ineligibility(member, ruleFor(convention.rules, doc.kind));
      if (reason !== null || !member) throw errors.notEligible(eligibilityMessage(reason));
      const existing = liveSignature(db, doc.id, member.memberId);
      if (existing) refuseExisting(existing, 'you');
      const at = new Date(now).toISOString();
      db.prepare(
        `INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at) VALUES (?, ?, ?, ?, 'online', ?)`,
      ).run(convention.id, doc.id, member.memberId, user.id, at);
      appendAudit(db, { at, event: 'sign', conventionId: convention.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
      return settle(db, doc, convention, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.alreadySigned();
    throw error;
  }
}

/**
 * The signed-in user withdraws their signature, before the deadline. A struck
 * signature cannot be withdrawn (staff's decision stands in the record).
 */
export function withdraw(db: Db, documentId: string, user: { id: string; email: string }, now = Date.now()): DocumentCount {
  return writeTransaction(db, () => {
    const convention = currentConvention(db);
    const doc = openDocument(db, documentId, convention, now);
    const member = memberByEmail(db, convention.id, user.email);
    const existing = member ? liveSignature(db, doc.id, member.memberId) : undefined;
    if (!member || !existing) throw errors.notSigned();
    if (existing.struckAt !== null) refuseExisting(existing, 'you');
    const at = new Date(now).toISOString();
    db.prepare('UPDATE signatures SET withdrawn_at = ? WHERE id = ?').run(at, existing.id);
    appendAudit(db, { at, event: 'withdraw', conventionId: convention.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
    return settle(db, doc, convention, now);
  });
}

/**
 * Staff enter a signature collected on paper, by member id. The same rules as
 * online: the member must be on the roster and eligible, and must not have
 * signed already. `signedAt` (when it was signed on paper, default now) must
 * not be after the deadline, so paper collected in time can be entered after it.
 */
export function enterPaperSignature(
  db: Db,
  documentId: string,
  entry: { memberId: string; signedAt: string | null; note: string | null; staffId: string },
  now = Date.now(),
): DocumentCount {
  try {
    return writeTransaction(db, () => {
      const convention = currentConvention(db);
      const signedAt = entry.signedAt ?? new Date(now).toISOString();
      if (Date.parse(signedAt) > now) throw errors.badRequest('A paper signature cannot be dated in the future.');
      const doc = openDocument(db, documentId, convention, now, { ignoreDeadline: true });
      if (deadlinePassed(convention.signatureDeadline, Date.parse(signedAt))) {
        throw errors.deadlinePassed(`This paper signature is dated after the signature deadline (${conventionTime(convention, convention.signatureDeadline!)}).`);
      }
      const member = memberById(db, convention.id, entry.memberId);
      if (!member) throw errors.unknownMember(`No one with member id ${entry.memberId} is on the roster.`);
      const reason = ineligibility(member, ruleFor(convention.rules, doc.kind));
      if (reason !== null) throw errors.notEligible(`${member.name} (${member.memberId}) cannot sign: ${eligibilityMessage(reason, 'member')}`);
      const existing = liveSignature(db, doc.id, member.memberId);
      if (existing) refuseExisting(existing, 'member');
      db.prepare(
        `INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at, entered_by, note)
         VALUES (?, ?, ?, (SELECT id FROM users WHERE email = ?), 'paper', ?, ?, ?)`,
      ).run(convention.id, doc.id, member.memberId, member.email, signedAt, entry.staffId, entry.note);
      appendAudit(db, {
        at: new Date(now).toISOString(),
        event: 'paper',
        conventionId: convention.id,
        documentId: doc.id,
        memberId: member.memberId,
        actorId: entry.staffId,
        reason: entry.note,
      });
      return settle(db, doc, convention, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.alreadySigned('This member has already signed this document.');
    throw error;
  }
}

/** Where a staff change to one signature happens, as its log entry records it. */
interface ChangeFacts {
  at: string;
  conventionId: string;
  documentId: string;
}

/**
 * Runs a staff change to a member's live signature in one transaction: `change`
 * refuses what does not apply to `existing`, or changes the row and logs it; then
 * the document is recounted.
 */
function changeLiveSignature(
  db: Db,
  documentId: string,
  memberId: string,
  now: number,
  change: (existing: LiveSignature, facts: ChangeFacts) => void,
): DocumentCount {
  return writeTransaction(db, () => {
    const convention = currentConvention(db);
    const doc = getDocument(db, documentId);
    if (!doc) throw errors.notFound('No such document.');
    const existing = liveSignature(db, doc.id, memberId);
    if (!existing) throw errors.notFound(`Member ${memberId} has no signature on this document.`);
    change(existing, { at: new Date(now).toISOString(), conventionId: convention.id, documentId: doc.id });
    return settle(db, doc, convention, now);
  });
}

/**
 * Staff strike a signature they found invalid, with a reason. The row stays
 * (struck, with who, when and why) and no longer counts; the member cannot
 * sign that text again. Allowed after the deadline: that is when staff verify.
 */
export function strikeSignature(db: Db, documentId: string, strike: { memberId: string; reason: string; staffId: string }, now = Date.now()): DocumentCount {
  return changeLiveSignature(db, documentId, strike.memberId, now, (existing, facts) => {
    if (existing.struckAt !== null) throw errors.signatureStruck(`This signature was already struck: ${existing.struckReason}`);
    db.prepare('UPDATE signatures SET struck_at = ?, struck_by = ?, struck_reason = ? WHERE id = ?').run(facts.at, strike.staffId, strike.reason, existing.id);
    appendAudit(db, { ...facts, event: 'strike', memberId: strike.memberId, actorId: strike.staffId, reason: strike.reason });
  });
}

/**
 * Staff restore a signature they struck by mistake, with a reason: it counts again
 * (if the member is still eligible) and the log records who restored it, when and
 * why, after the strike it undoes.
 */
export function restoreSignature(db: Db, documentId: string, restore: { memberId: string; reason: string; staffId: string }, now = Date.now()): DocumentCount {
  return changeLiveSignature(db, documentId, restore.memberId, now, (existing, facts) => {
    if (existing.struckAt === null) throw errors.conflict('This signature is not struck: there is nothing to restore.');
    db.prepare('UPDATE signatures SET struck_at = NULL, struck_by = NULL, struck_reason = NULL WHERE id = ?').run(existing.id);
    appendAudit(db, { ...facts, event: 'restore', memberId: restore.memberId, actorId: restore.staffId, reason: restore.reason });
  });
}

/** Recounts after a change, moves the status to match, and returns the count with the new status. */
function settle(db: Db, doc: DocumentRecord, convention: Convention, now: number): DocumentCount {
  const count = countDocument(db, doc, convention, now);
  const status = reconcileStatus(db, doc, count);
  return { ...count, status, open: isOpen({ ...doc, status }, ruleFor(convention.rules, doc.kind), convention, now) };
}

export function eligibilityMessage(reason: ReturnType<typeof ineligibility>, who: 'you' | 'member' = 'you'): string {
  switch (reason) {
    case 'not-on-roster':
      return who === 'you' ? 'You are not on the convention roster, so you cannot sign. Ask convention staff to check your email address.' : 'not on the roster.';
    case 'not-in-good-standing':
      return who === 'you' ? 'Only members in good standing as of the roster date can sign this text.' : 'not in good standing as of the roster date.';
    case 'not-a-delegate':
      return who === 'you' ? 'Only delegates can sign this kind of text.' : 'only delegates can sign this kind of text.';
    default:
      return 'This kind of text does not collect signatures.';
  }
}

/** Every signature row of a document, newest first, with the signer's roster entry (staff's list). */
export function listSignatures(db: Db, doc: DocumentRecord, convention: Convention = currentConvention(db)): SignatureEntry[] {
  const rule = ruleFor(convention.rules, doc.kind);
  const rows = db
    .prepare(
      `SELECT s.id, s.member_id AS memberId, r.name, r.email, r.chapter, r.delegate, r.good_standing AS goodStanding,
              s.source, s.signed_at AS signedAt, e.name AS enteredBy, s.note, s.withdrawn_at AS withdrawnAt,
              s.struck_at AS struckAt, k.name AS struckBy, s.struck_reason AS struckReason, r.member_id AS rosterId
       FROM signatures s
       LEFT JOIN roster r ON r.convention_id = s.convention_id AND r.member_id = s.member_id
       LEFT JOIN users e ON e.id = s.entered_by
       LEFT JOIN users k ON k.id = s.struck_by
       WHERE s.document_id = ? ORDER BY s.signed_at DESC, s.id DESC`,
    )
    .all(doc.id) as (Omit<SignatureEntry, 'delegate' | 'goodStanding' | 'counted' | 'staffActions'> & { delegate: number | null; goodStanding: number | null; rosterId: string | null })[];
  const actions = staffActionsByMember(db, doc.id);
  return rows.map(({ rosterId, ...row }) => {
    const member = rosterId
      ? { memberId: row.memberId, name: row.name ?? '', email: row.email ?? '', chapter: row.chapter ?? '', goodStanding: row.goodStanding === 1, delegate: row.delegate === 1 }
      : null;
    // Rows come newest first: the member's history goes with their newest row.
    const staffActions = actions.get(row.memberId) ?? [];
    actions.delete(row.memberId);
    return {
      ...row,
      delegate: row.delegate === 1,
      goodStanding: row.goodStanding === 1,
      counted: row.withdrawnAt === null && row.struckAt === null && isEligible(member, rule),
      staffActions,
    };
  });
}

/** Staff's strikes and restores on a document from the audit log, oldest first, by member. */
function staffActionsByMember(db: Db, documentId: string): Map<string, SignatureStaffAction[]> {
  const rows = db
    .prepare(
      `SELECT a.member_id AS memberId, a.event AS action, a.at, u.name AS by, a.reason
       FROM signature_audit a LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.document_id = ? AND a.event IN ('strike', 'restore') ORDER BY a.seq`,
    )
    .all(documentId) as (SignatureStaffAction & { memberId: string })[];
  const byMember = new Map<string, SignatureStaffAction[]>();
  for (const { memberId, ...action } of rows) {
    const actions = byMember.get(memberId);
    if (actions) actions.push(action);
    else byMember.set(memberId, [action]);
  }
  return byMember;
}

/**
 * Writes the demo convention's signatures (seeding), oldest first, each with
 * its log entry, as if signed online at `signedAt`; then settles the status of
 * every document touched.
 */
export function seedSignatures(
  db: Db,
  conventionId: string,
  signatures: readonly { documentId: string; memberId: string; userId: string | null; signedAt: string }[],
): void {
  const insert = db.prepare(
    `INSERT INTO signatures (convention_id, document_id, member_id, user_id, source, signed_at) VALUES (?, ?, ?, ?, 'online', ?)`,
  );
  const ordered = [...signatures].sort((a, b) => (a.signedAt < b.signedAt ? -1 : a.signedAt > b.signedAt ? 1 : 0));
  for (const s of ordered) {
    insert.run(conventionId, s.documentId, s.memberId, s.userId, s.signedAt);
    appendAudit(db, { at: s.signedAt, event: 'sign', conventionId, documentId: s.documentId, memberId: s.memberId, actorId: s.userId, reason: null });
  }
  const convention = currentConvention(db);
  for (const documentId of new Set(signatures.map((s) => s.documentId))) {
    const doc = getDocument(db, documentId);
    if (doc) reconcileStatus(db, doc, countDocument(db, doc, convention));
  }
}

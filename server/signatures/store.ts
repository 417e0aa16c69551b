/**
 * Signatures behind the storage seam. Both backends decide "one counted
 * signature per member and text" with the same partial unique index
 * (`signatures_one_live_per_member`), not with a check in memory, and chain each
 * change's audit entry inside the transaction that makes it. Every change is one
 * transaction that first locks the document's row (PostgreSQL; SQLite's write
 * lock covers it), so a recount and the status move it causes never work from a
 * stale status. The SQL is in ./sqlite.ts and ./postgres.ts.
 */
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
import type { AuditAnchor } from '../../shared/signatures/audit-chain';
import { conventionTime, currentConvention } from '../conventions/store';
import { collectingDocumentIds, documentById, lockDocument, type DocumentOps, type DocumentRecord } from '../documents/store';
import { recordTransition } from '../documents/events';
import { errors } from '../errors';
import { asker, type Flow, type Runner } from '../storage/flow';
import { appendAudit, currentAnchor, verifyAudit, type AuditReport } from './audit';

export interface RosterRow {
  memberId: string;
  name: string;
  email: string;
  chapter: string;
  goodStanding: number;
  delegate: number;
}

/** A document's signature rows with their signers' roster entries, as counted. */
export type SignatureRecordRow = Omit<RosterRow, 'memberId'> & { memberId: string; rosterId: string | null; signedAt: string; withdrawnAt: string | null; struckAt: string | null };

/** A member's live (not withdrawn) signature row: at most one per document. */
export interface LiveSignature {
  id: number;
  struckAt: string | null;
  struckReason: string | null;
}

/** A row of staff's list of a document's signatures. */
export type SignatureListRow = Omit<SignatureEntry, 'delegate' | 'goodStanding' | 'counted' | 'staffActions'> & {
  delegate: number | null;
  goodStanding: number | null;
  rosterId: string | null;
};

/** A new signature row: online (by the signer) or on paper (entered by staff). */
export interface NewSignature {
  conventionId: string;
  documentId: string;
  memberId: string;
  source: 'online' | 'paper';
  signedAt: string;
  /** Online: the signer. Paper: null, and the account with `memberEmail` (if any) is linked. */
  userId: string | null;
  memberEmail?: string;
  enteredBy?: string;
  note?: string | null;
}

/** What signing asks of a backend. */
export interface SignatureOps {
  /** The roster entry a user is linked to, by email (case-insensitive). */
  memberByEmail(conventionId: string, email: string): RosterRow | undefined;
  memberById(conventionId: string, memberId: string): RosterRow | undefined;
  liveSignature(documentId: string, memberId: string): LiveSignature | undefined;
  /** The live row, locked until the transaction ends (two withdrawals racing change it once). */
  liveSignatureForUpdate(documentId: string, memberId: string): LiveSignature | undefined;
  insertSignature(signature: NewSignature): void;
  markWithdrawn(id: number, at: string): void;
  markStruck(id: number, at: string, staffId: string, reason: string): void;
  markRestored(id: number): void;
  /** A document's signature rows with their signers' roster entries, oldest first. */
  signatureRecordRows(documentId: string): SignatureRecordRow[];
  /** Every signature row of a document, newest first, with the roster entry and staff names. */
  signatureListRows(documentId: string): SignatureListRow[];
  /** Staff's strikes and restores on a document from the audit log, oldest first. */
  staffActionRows(documentId: string): (SignatureStaffAction & { memberId: string })[];
  /** The member's live signature's strike, if any. */
  ownSignature(documentId: string, memberId: string): { struckAt: string | null; reason: string | null } | undefined;
  /** Serialises changes to who counts (rules, roster) until the transaction ends. */
  lockCounting(conventionId: string): void;
}

const ask = asker<SignatureOps>();
const askDocuments = asker<DocumentOps>();

export function toMember(row: RosterRow | undefined): RosterMember | null {
  if (!row) return null;
  return { ...row, goodStanding: row.goodStanding === 1, delegate: row.delegate === 1 };
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

/** A document's count from its signature records (see `toSignatureRecords`). */
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

/** Counts a document's signatures under the convention's rule for its kind. */
export function* countDocument(doc: DocumentRecord, convention: Convention, now = Date.now()): Flow<DocumentCount> {
  const rows = yield* ask('signatureRecordRows', doc.id);
  return countFromRecords(toSignatureRecords(rows, ruleFor(convention.rules, doc.kind)), doc, convention, now);
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
function* viewerTally(count: DocumentCount, viewer: TallyViewer, options: { overTime: boolean; convention?: Convention }): Flow<DocumentTally> {
  const convention = options.convention ?? (yield* currentConvention());
  const member = toMember(yield* ask('memberByEmail', convention.id, viewer.email));
  const mine = member ? yield* ask('ownSignature', count.documentId, member.memberId) : undefined;
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
export function* reconcileStatus(doc: DocumentRecord, count: Pick<Tally, 'qualified' | 'threshold' | 'count'>): Flow<DocumentStatus> {
  const target = statusForTally(doc.status, count);
  if (target === doc.status) return doc.status;
  const last = yield* askDocuments('lastDocumentEvent', doc.id);
  if (last && last.toStatus === doc.status && last.actorIsStaff === 1) return doc.status;
  yield* recordTransition({
    documentId: doc.id,
    from: doc.status,
    to: target,
    action: target === 'qualified' ? 'threshold reached' : 'fell below the threshold',
    actorId: null,
    note: `${count.count} of ${count.threshold} signatures`,
  });
  return target;
}

/** Recounts every document that collects signatures and moves its status to match (after a roster or rule change); returns the ids that moved. */
export function* reconcileAll(convention: Convention): Flow<string[]> {
  const changed: string[] = [];
  for (const id of yield* collectingDocumentIds(convention.id)) {
    const doc = yield* lockDocument(id);
    if ((yield* reconcileStatus(doc, yield* countDocument(doc, convention))) !== doc.status) changed.push(id);
  }
  return changed;
}

/** Refuses (as `errors`) a document that is missing or does not take signatures now; returns it otherwise. */
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

export function refuseExisting(existing: Pick<LiveSignature, 'struckAt' | 'struckReason'>, who: 'you' | 'member'): never {
  if (existing.struckAt !== null) {
    throw errors.signatureStruck(`${who === 'you' ? 'Your' : 'This member’s'} signature on this text was struck by convention staff: ${existing.struckReason}`);
  }
  throw who === 'you' ? errors.alreadySigned() : errors.alreadySigned('This member has already signed this document.');
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

/** Recounts after a change, moves the status to match, and returns the count with the new status. */
function* settle(doc: DocumentRecord, convention: Convention, now: number): Flow<DocumentCount> {
  const count = yield* countDocument(doc, convention, now);
  const status = yield* reconcileStatus(doc, count);
  return { ...count, status, open: isOpen({ ...doc, status }, ruleFor(convention.rules, doc.kind), convention, now) };
}

/** Who signs: the signed-in user, linked to the roster by email. */
export interface Signer {
  id: string;
  email: string;
}

/**
 * The signed-in user signs a document. The document must take signatures (kind
 * with a rule, submitted or qualified, before the deadline), the user must be on
 * the roster and meet the kind's rule, and must not have a live signature on it
 * already; then the signature, its log entry and any status change are written
 * together.
 */
function* sign(documentId: string, user: Signer, now: number): Flow<DocumentCount> {
  const convention = yield* currentConvention();
  const doc = checkOpen(yield* askDocuments('documentForUpdate', documentId), convention, now);
  const member = toMember(yield* ask('memberByEmail', convention.id, user.email));
  const reason = ineligibility(member, ruleFor(convention.rules, doc.kind));
  if (reason !== null || !member) throw errors.notEligible(eligibilityMessage(reason));
  const existing = yield* ask('liveSignature', doc.id, member.memberId);
  if (existing) refuseExisting(existing, 'you');
  const at = new Date(now).toISOString();
  yield* ask('insertSignature', { conventionId: convention.id, documentId: doc.id, memberId: member.memberId, source: 'online', signedAt: at, userId: user.id });
  yield* appendAudit({ at, event: 'sign', conventionId: convention.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
  return yield* settle(doc, convention, now);
}

/** The signed-in user withdraws their signature, before the deadline. A struck signature cannot be withdrawn (staff's decision stands in the record). */
function* withdraw(documentId: string, user: Signer, now: number): Flow<DocumentCount> {
  const convention = yield* currentConvention();
  const doc = checkOpen(yield* askDocuments('documentForUpdate', documentId), convention, now);
  const member = toMember(yield* ask('memberByEmail', convention.id, user.email));
  const existing = member ? yield* ask('liveSignatureForUpdate', doc.id, member.memberId) : undefined;
  if (!member || !existing) throw errors.notSigned();
  if (existing.struckAt !== null) refuseExisting(existing, 'you');
  const at = new Date(now).toISOString();
  yield* ask('markWithdrawn', existing.id, at);
  yield* appendAudit({ at, event: 'withdraw', conventionId: convention.id, documentId: doc.id, memberId: member.memberId, actorId: user.id, reason: null });
  return yield* settle(doc, convention, now);
}

/** A signature collected on paper, as staff enter it. */
export interface PaperSignature {
  memberId: string;
  /** When it was signed on paper (default now). */
  signedAt: string | null;
  note: string | null;
  staffId: string;
}

/**
 * Staff enter a signature collected on paper, by member id. The same rules as
 * online: the member must be on the roster and eligible, and must not have
 * signed already. `signedAt` must not be after the deadline, so paper collected
 * in time can be entered after it.
 */
function* enterPaperSignature(documentId: string, entry: PaperSignature, now: number): Flow<DocumentCount> {
  const convention = yield* currentConvention();
  const signedAt = entry.signedAt ?? new Date(now).toISOString();
  if (Date.parse(signedAt) > now) throw errors.badRequest('A paper signature cannot be dated in the future.');
  const doc = checkOpen(yield* askDocuments('documentForUpdate', documentId), convention, now, { ignoreDeadline: true });
  if (deadlinePassed(convention.signatureDeadline, Date.parse(signedAt))) {
    throw errors.deadlinePassed(`This paper signature is dated after the signature deadline (${conventionTime(convention, convention.signatureDeadline!)}).`);
  }
  const member = toMember(yield* ask('memberById', convention.id, entry.memberId));
  if (!member) throw errors.unknownMember(`No one with member id ${entry.memberId} is on the roster.`);
  const reason = ineligibility(member, ruleFor(convention.rules, doc.kind));
  if (reason !== null) throw errors.notEligible(`${member.name} (${member.memberId}) cannot sign: ${eligibilityMessage(reason, 'member')}`);
  const existing = yield* ask('liveSignature', doc.id, member.memberId);
  if (existing) refuseExisting(existing, 'member');
  yield* ask('insertSignature', {
    conventionId: convention.id,
    documentId: doc.id,
    memberId: member.memberId,
    source: 'paper',
    signedAt,
    userId: null,
    memberEmail: member.email,
    enteredBy: entry.staffId,
    note: entry.note,
  });
  yield* appendAudit({ at: new Date(now).toISOString(), event: 'paper', conventionId: convention.id, documentId: doc.id, memberId: member.memberId, actorId: entry.staffId, reason: entry.note });
  return yield* settle(doc, convention, now);
}

/** A staff change to one member's signature, with the reason that goes into the log. */
export interface StaffChange {
  memberId: string;
  reason: string;
  staffId: string;
}

/**
 * Staff strike a signature they found invalid, with a reason. The row stays
 * (struck, with who, when and why) and no longer counts; the member cannot
 * sign that text again. Allowed after the deadline: that is when staff verify.
 * Or restore one they struck by mistake: it counts again (if the member is still
 * eligible) and the log records who restored it, when and why.
 */
function* changeSignature(documentId: string, action: 'strike' | 'restore', change: StaffChange, now: number): Flow<DocumentCount> {
  const convention = yield* currentConvention();
  const doc = yield* lockDocument(documentId);
  const existing = yield* ask('liveSignatureForUpdate', doc.id, change.memberId);
  if (!existing) throw errors.notFound(`Member ${change.memberId} has no signature on this document.`);
  const at = new Date(now).toISOString();
  if (action === 'strike') {
    if (existing.struckAt !== null) throw errors.signatureStruck(`This signature was already struck: ${existing.struckReason}`);
    yield* ask('markStruck', existing.id, at, change.staffId, change.reason);
  } else {
    if (existing.struckAt === null) throw errors.conflict('This signature is not struck: there is nothing to restore.');
    yield* ask('markRestored', existing.id);
  }
  yield* appendAudit({ at, conventionId: convention.id, documentId: doc.id, event: action, memberId: change.memberId, actorId: change.staffId, reason: change.reason });
  return yield* settle(doc, convention, now);
}

/** Every signature row of a document, newest first, with the signer's roster entry and staff's strikes and restores (staff's list). */
function* listSignatures(doc: DocumentRecord): Flow<SignatureEntry[]> {
  const convention = yield* currentConvention();
  const rule = ruleFor(convention.rules, doc.kind);
  const rows = yield* ask('signatureListRows', doc.id);
  const actions = new Map<string, SignatureStaffAction[]>();
  for (const { memberId, ...action } of yield* ask('staffActionRows', doc.id)) {
    const list = actions.get(memberId);
    if (list) list.push(action);
    else actions.set(memberId, [action]);
  }
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

/** A demo signature, as if signed online at `signedAt`. */
export interface SeedSignature {
  documentId: string;
  memberId: string;
  userId: string | null;
  signedAt: string;
}

/**
 * Writes the demo convention's signatures (seeding), oldest first, each with
 * its log entry; then settles the status of every document touched.
 */
export function* seedSignatures(conventionId: string, signatures: readonly SeedSignature[]): Flow<void> {
  const ordered = [...signatures].sort((a, b) => (a.signedAt < b.signedAt ? -1 : a.signedAt > b.signedAt ? 1 : 0));
  for (const s of ordered) {
    yield* ask('insertSignature', { conventionId, documentId: s.documentId, memberId: s.memberId, source: 'online', signedAt: s.signedAt, userId: s.userId });
    yield* appendAudit({ at: s.signedAt, event: 'sign', conventionId, documentId: s.documentId, memberId: s.memberId, actorId: s.userId, reason: null });
  }
  const convention = yield* currentConvention();
  for (const documentId of new Set(signatures.map((s) => s.documentId))) {
    const doc = yield* documentById(documentId);
    if (doc) yield* reconcileStatus(doc, yield* countDocument(doc, convention));
  }
}

/** The signatures capability's storage. */
export class SignatureStore {
  constructor(private readonly run: Runner) {}

  /** Signs for `user` (refusals as `errors`: 403 not eligible or closed, 409 already signed) and resolves with the new count. */
  async sign(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    try {
      return await this.run.write(sign(documentId, user, now));
    } catch (error) {
      // Two requests of one member racing (on any process) both pass the checks; the index lets one commit.
      if (this.run.isUniqueViolation(error)) throw errors.alreadySigned();
      throw error;
    }
  }

  /** Withdraws `user`'s signature and resolves with the new count. */
  withdraw(documentId: string, user: Signer, now = Date.now()): Promise<DocumentCount> {
    return this.run.write(withdraw(documentId, user, now));
  }

  /** Staff enter a paper signature (see `enterPaperSignature`) and resolves with the new count. */
  async enterPaper(documentId: string, entry: PaperSignature, now = Date.now()): Promise<DocumentCount> {
    try {
      return await this.run.write(enterPaperSignature(documentId, entry, now));
    } catch (error) {
      if (this.run.isUniqueViolation(error)) throw errors.alreadySigned('This member has already signed this document.');
      throw error;
    }
  }

  /** Staff strike or restore a signature (see `changeSignature`) and resolves with the new count. */
  change(documentId: string, action: 'strike' | 'restore', change: StaffChange, now = Date.now()): Promise<DocumentCount> {
    return this.run.write(changeSignature(documentId, action, change, now));
  }

  /** A document's count as everyone sees it; NOT_FOUND for an unknown document. */
  count(documentId: string, now = Date.now()): Promise<DocumentCount> {
    return this.run.read(
      (function* () {
        const doc = yield* documentById(documentId);
        if (!doc) throw errors.notFound('No such document.');
        return yield* countDocument(doc, yield* currentConvention(), now);
      })(),
    );
  }

  /** The count of a document already read. */
  countOf(doc: DocumentRecord, convention?: Convention): Promise<DocumentCount> {
    return this.run.read(
      (function* () {
        return yield* countDocument(doc, convention ?? (yield* currentConvention()));
      })(),
    );
  }

  /** A count as `viewer` sees it (see `viewerTally`). */
  viewerTally(count: DocumentCount, viewer: TallyViewer, options: { overTime: boolean; convention?: Convention }): Promise<DocumentTally> {
    return this.run.read(viewerTally(count, viewer, options));
  }

  /** Every signature row of a document (staff's list). */
  list(doc: DocumentRecord): Promise<SignatureEntry[]> {
    return this.run.read(listSignatures(doc));
  }

  /** The full check of the audit log (see `verifyAudit`), in one snapshot. */
  verifyAudit(anchor?: AuditAnchor): Promise<AuditReport> {
    return this.run.snapshot(verifyAudit(anchor));
  }

  /** The audit log's anchor to keep with an export, or null for an empty log. */
  currentAnchor(): Promise<string | null> {
    return this.run.read(currentAnchor());
  }
}

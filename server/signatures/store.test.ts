/**
 * The signature rules as the store applies them, on a real SQLite file with a
 * convention small enough to count by hand (tests/helpers/small-convention.ts:
 * amendments need 3 delegates, resolutions 2 members). Every test makes its own
 * database and texts, so each passes alone and in any order; and each is fast
 * enough for the mutation run (npm run test:mutation) to repeat per mutant.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallConvention, type SmallConvention } from '../../tests/helpers/small-convention';
import { recordTransition } from '../documents/events';
import { getDocument } from '../documents/store';
import { currentConvention } from '../conventions/store';
import { auditHead, verifyAudit } from './audit';
import { updateRules } from './rules-store';
import {
  countDocument,
  enterPaperSignature,
  listSignatures,
  memberByEmail,
  reconcileAll,
  restoreSignature,
  seedSignatures,
  sign,
  strikeSignature,
  viewerTally,
  withdraw,
} from './store';
import { SqliteSignatureStore } from './signature-store';

let c: SmallConvention;
let deadline: number;
beforeEach(() => {
  c = smallConvention();
  deadline = Date.parse(c.deadline);
});
afterEach(() => c.close());

const MINUTE = 60_000;
/** An instant `minutes` before the signature deadline. */
const before = (minutes: number) => deadline - minutes * MINUTE;
const refused = (code: string, statusCode: number, message?: string | RegExp) =>
  expect.objectContaining({ code, statusCode, ...(message === undefined ? {} : { message: typeof message === 'string' ? message : expect.stringMatching(message) }) });
const staffId = () => c.users.staff.id;
const status = (id: string) => getDocument(c.db, id)!.status;
const history = (id: string) =>
  c.db.prepare('SELECT from_status AS "from", to_status AS "to", action, actor_id AS actor, note FROM document_events WHERE document_id = ? ORDER BY id').all(id);
const audit = (id: string) =>
  c.db.prepare('SELECT event, member_id AS memberId, actor_id AS actorId, reason FROM signature_audit WHERE document_id = ? ORDER BY seq').all(id) as {
    event: string;
    memberId: string;
    actorId: string | null;
    reason: string | null;
  }[];
const paper = (id: string, memberId: string, extra: { signedAt?: string; note?: string } = {}, now = before(60)) =>
  enterPaperSignature(c.db, id, { memberId, signedAt: extra.signedAt ?? null, note: extra.note ?? null, staffId: staffId() }, now);
const strike = (id: string, memberId: string, reason = 'Form is a duplicate', now = before(30)) => strikeSignature(c.db, id, { memberId, reason, staffId: staffId() }, now);
const restore = (id: string, memberId: string, reason = 'Form was valid', now = before(20)) => restoreSignature(c.db, id, { memberId, reason, staffId: staffId() }, now);

describe('signing online', () => {
  it('counts the signer once, in their chapter, and logs it with the signer as actor', () => {
    const id = c.text('amendment');
    const count = sign(c.db, id, c.users.ana, before(60));
    expect(count).toMatchObject({ documentId: id, count: 1, threshold: 3, qualified: false, byChapter: { Chicago: 1 }, status: 'submitted', open: true, collecting: true, signers: 'delegates' });
    expect(audit(id)).toEqual([{ event: 'sign', memberId: 'M1', actorId: c.users.ana.id, reason: null }]);
    const row = c.db.prepare('SELECT source, user_id AS userId, signed_at AS signedAt FROM signatures WHERE document_id = ?').get(id);
    expect(row).toEqual({ source: 'online', userId: c.users.ana.id, signedAt: new Date(before(60)).toISOString() });
  });

  it('refuses a second signature from the same member with ALREADY_SIGNED, and counts one', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    expect(() => sign(c.db, id, c.users.ana, before(59))).toThrow(refused('ALREADY_SIGNED', 409, 'You have already signed this document.'));
    expect(countDocument(c.db, getDocument(c.db, id)!).count).toBe(1);
  });

  it('refuses everyone the rule leaves out, each with the reason in words', () => {
    const amendment = c.text('amendment');
    const resolution = c.text('resolution');
    expect(() => sign(c.db, amendment, c.users.cy, before(60))).toThrow(refused('NOT_ELIGIBLE', 403, 'Only delegates can sign this kind of text.'));
    expect(() => sign(c.db, amendment, c.users.dee, before(60))).toThrow(refused('NOT_ELIGIBLE', 403, 'Only members in good standing as of the roster date can sign this text.'));
    expect(() => sign(c.db, resolution, c.users.staff, before(60))).toThrow(refused('NOT_ELIGIBLE', 403, /^You are not on the convention roster/));
    expect(sign(c.db, resolution, c.users.cy, before(60)).count).toBe(1);
    expect(audit(amendment)).toEqual([]);
  });

  it('takes signatures on submitted and qualified texts only, of kinds that collect them', () => {
    expect(() => sign(c.db, c.text('consensus'), c.users.ana, before(60))).toThrow(refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Consensus texts do not collect signatures in this convention.'));
    for (const state of ['draft', 'adopted', 'failed', 'withdrawn', 'final'] as const) {
      expect(() => sign(c.db, c.text('amendment', state), c.users.ana, before(60)), state).toThrow(
        refused('NOT_OPEN_FOR_SIGNATURES', 409, `Only submitted texts can be signed; this one is ${state}.`),
      );
    }
    expect(sign(c.db, c.text('amendment', 'qualified'), c.users.ana, before(60)).count).toBe(1);
    expect(() => sign(c.db, 'no-such-text', c.users.ana, before(60))).toThrow(refused('NOT_FOUND', 404));
  });

  it('names the kind that collects none in its refusal', () => {
    updateRules(c.db, { rules: { resolution: { signers: 'members', threshold: 0 } } });
    expect(() => sign(c.db, c.text('resolution'), c.users.ana, before(60))).toThrow(refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Resolutions do not collect signatures in this convention.'));
    updateRules(c.db, { rules: { amendment: { signers: 'delegates', threshold: 0 } } });
    expect(() => sign(c.db, c.text('amendment'), c.users.ana, before(60))).toThrow(refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Amendments do not collect signatures in this convention.'));
  });

  it('is open at the deadline instant and closed a millisecond after, saying when it closed in convention time', () => {
    const id = c.text('amendment');
    expect(sign(c.db, id, c.users.ana, deadline).count).toBe(1);
    expect(() => sign(c.db, id, c.users.ben, deadline + 1)).toThrow(refused('DEADLINE_PASSED', 403, /^The signature deadline passed on .+ C[SD]T\.$/));
    expect(countDocument(c.db, getDocument(c.db, id)!, undefined, deadline + 1)).toMatchObject({ count: 1, open: false, deadlinePassed: true });
  });

  it('never closes in a convention without a deadline', () => {
    updateRules(c.db, { signatureDeadline: null });
    expect(sign(c.db, c.text('amendment'), c.users.ana, deadline + 365 * 24 * 60 * MINUTE)).toMatchObject({ count: 1, open: true, deadlinePassed: false, deadline: null });
  });

  it('goes through the storage seam with the same rules', async () => {
    const store = new SqliteSignatureStore(c.db);
    const id = c.text('amendment');
    expect((await store.sign(id, c.users.ana, before(60))).count).toBe(1);
    expect((await store.count(id, before(59))).count).toBe(1);
    expect((await store.withdraw(id, c.users.ana, before(58))).count).toBe(0);
    await expect(store.count('no-such-text')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('withdrawing', () => {
  it('stops the signature counting, logs it, and lets the member sign again, counted once', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    expect(withdraw(c.db, id, c.users.ana, before(50))).toMatchObject({ count: 0, withdrawn: 1 });
    expect(() => withdraw(c.db, id, c.users.ana, before(49))).toThrow(refused('NOT_SIGNED', 404));
    expect(sign(c.db, id, c.users.ana, before(40))).toMatchObject({ count: 1, withdrawn: 0 });
    expect(audit(id).map((entry) => entry.event)).toEqual(['sign', 'withdraw', 'sign']);
    expect(countDocument(c.db, getDocument(c.db, id)!).overTime.map((point) => point.count)).toEqual([1, 0, 1]);
  });

  it('refuses one who never signed, one off the roster, after the deadline, and a struck signature', () => {
    const id = c.text('amendment');
    expect(() => withdraw(c.db, id, c.users.ana, before(60))).toThrow(refused('NOT_SIGNED', 404));
    expect(() => withdraw(c.db, id, c.users.staff, before(60))).toThrow(refused('NOT_SIGNED', 404));
    sign(c.db, id, c.users.ana, before(60));
    expect(() => withdraw(c.db, id, c.users.ana, deadline + 1)).toThrow(refused('DEADLINE_PASSED', 403));
    sign(c.db, id, c.users.ben, before(60));
    strike(id, 'M2', 'Signed for someone else');
    expect(() => withdraw(c.db, id, c.users.ben, before(10))).toThrow(
      refused('SIGNATURE_STRUCK', 409, 'Your signature on this text was struck by convention staff: Signed for someone else'),
    );
    expect(countDocument(c.db, getDocument(c.db, id)!)).toMatchObject({ count: 1, struck: 1, withdrawn: 0 });
  });
});

describe('the threshold', () => {
  it('qualifies a text at its threshold and moves it back below, each move in its history by no one', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    expect(sign(c.db, id, c.users.ben, before(59)).status).toBe('submitted');
    expect(paper(id, 'M5', {}, before(58))).toMatchObject({ count: 3, qualified: true, status: 'qualified', open: true });
    expect(status(id)).toBe('qualified');
    expect(withdraw(c.db, id, c.users.ben, before(57))).toMatchObject({ count: 2, qualified: false, status: 'submitted' });
    expect(status(id)).toBe('submitted');
    expect(history(id).slice(1)).toEqual([
      { from: 'submitted', to: 'qualified', action: 'threshold reached', actor: null, note: '3 of 3 signatures' },
      { from: 'qualified', to: 'submitted', action: 'fell below the threshold', actor: null, note: '2 of 3 signatures' },
    ]);
  });

  it('leaves a move staff made by hand standing, but not one a caucus made', () => {
    const byStaff = c.text('amendment');
    recordTransition(c.db, { documentId: byStaff, from: 'submitted', to: 'qualified', action: 'rules suspended', actorId: staffId() });
    expect(sign(c.db, byStaff, c.users.ana, before(60))).toMatchObject({ count: 1, qualified: false, status: 'qualified' });
    expect(status(byStaff)).toBe('qualified');
    const byCaucus = c.text('amendment', 'qualified');
    expect(sign(c.db, byCaucus, c.users.ana, before(60)).status).toBe('submitted');
    expect(status(byCaucus)).toBe('submitted');
  });

  it('moves every submitted or qualified text when the rules change, and names those it moved', () => {
    const signed = c.text('amendment');
    const unsigned = c.text('amendment');
    const draft = c.text('amendment', 'draft');
    sign(c.db, signed, c.users.ana, before(60));
    updateRules(c.db, { rules: { amendment: { signers: 'delegates', threshold: 1 } } });
    expect(reconcileAll(c.db)).toEqual([signed]);
    expect([status(signed), status(unsigned), status(draft)]).toEqual(['qualified', 'submitted', 'draft']);
    updateRules(c.db, { rules: { amendment: { signers: 'delegates', threshold: 3 } } });
    expect(reconcileAll(c.db)).toEqual([signed]);
    expect(status(signed)).toBe('submitted');
    expect(reconcileAll(c.db)).toEqual([]);
  });

  it('counts only signers the rule still admits after the roster changes', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    sign(c.db, id, c.users.ben, before(59));
    c.db.prepare("UPDATE roster SET delegate = 0 WHERE member_id = 'M2'").run();
    expect(countDocument(c.db, getDocument(c.db, id)!)).toMatchObject({ count: 1, ineligible: 1, byChapter: { Chicago: 1 } });
  });
});

describe('paper signatures', () => {
  it('are entered by member id under the online rules, linked to the member’s account when they have one', () => {
    const id = c.text('amendment');
    expect(paper(id, 'M5', { note: 'Form 17' }).count).toBe(1);
    expect(paper(id, 'M1').count).toBe(2);
    const rows = c.db.prepare('SELECT member_id AS memberId, source, user_id AS userId, entered_by AS enteredBy, note FROM signatures WHERE document_id = ? ORDER BY id').all(id);
    expect(rows).toEqual([
      { memberId: 'M5', source: 'paper', userId: null, enteredBy: staffId(), note: 'Form 17' },
      { memberId: 'M1', source: 'paper', userId: c.users.ana.id, enteredBy: staffId(), note: null },
    ]);
    expect(audit(id)).toEqual([
      { event: 'paper', memberId: 'M5', actorId: staffId(), reason: 'Form 17' },
      { event: 'paper', memberId: 'M1', actorId: staffId(), reason: null },
    ]);
    expect(() => sign(c.db, id, c.users.ana, before(50))).toThrow(refused('ALREADY_SIGNED', 409));
  });

  it('refuses an unknown member, an ineligible one, and one who signed, naming them', () => {
    const id = c.text('amendment');
    expect(() => paper(id, 'M99')).toThrow(refused('UNKNOWN_MEMBER', 422, 'No one with member id M99 is on the roster.'));
    expect(() => paper(id, 'M3')).toThrow(refused('NOT_ELIGIBLE', 403, 'Cy Moreno (M3) cannot sign: only delegates can sign this kind of text.'));
    expect(() => paper(id, 'M4')).toThrow(refused('NOT_ELIGIBLE', 403, 'Dee Lapsed (M4) cannot sign: not in good standing as of the roster date.'));
    paper(id, 'M5');
    expect(() => paper(id, 'M5')).toThrow(refused('ALREADY_SIGNED', 409, 'This member has already signed this document.'));
    strike(id, 'M5', 'Signature does not match');
    expect(() => paper(id, 'M5')).toThrow(refused('SIGNATURE_STRUCK', 409, 'This member’s signature on this text was struck by convention staff: Signature does not match'));
  });

  it('take a paper date up to the deadline even when entered after it, never one after it or in the future', () => {
    const id = c.text('amendment');
    const late = deadline + 60 * MINUTE;
    expect(paper(id, 'M5', { signedAt: c.deadline }, late).count).toBe(1);
    const signedAt = c.db.prepare("SELECT signed_at FROM signatures WHERE member_id = 'M5'").pluck().get();
    expect(signedAt).toBe(c.deadline);
    expect(() => paper(id, 'M6', { signedAt: new Date(deadline + 1).toISOString() }, late)).toThrow(refused('DEADLINE_PASSED', 403, /^This paper signature is dated after the signature deadline/));
    expect(() => paper(id, 'M6', {}, late)).toThrow(refused('DEADLINE_PASSED', 403));
    expect(() => paper(id, 'M6', { signedAt: new Date(before(59)).toISOString() }, before(60))).toThrow(refused('BAD_REQUEST', 400, 'A paper signature cannot be dated in the future.'));
    expect(paper(id, 'M6', { signedAt: new Date(before(60)).toISOString() }, before(60)).count).toBe(2);
  });
});

describe('striking and restoring', () => {
  it('strikes a signature with a reason: it stays on record, stops counting, and the member cannot sign that text again', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    sign(c.db, id, c.users.ben, before(59));
    expect(strike(id, 'M1', 'Duplicate of a paper form')).toMatchObject({ count: 1, struck: 1 });
    expect(() => strike(id, 'M1', 'Again')).toThrow(refused('SIGNATURE_STRUCK', 409, 'This signature was already struck: Duplicate of a paper form'));
    expect(() => sign(c.db, id, c.users.ana, before(10))).toThrow(refused('SIGNATURE_STRUCK', 409, 'Your signature on this text was struck by convention staff: Duplicate of a paper form'));
    expect(audit(id).at(-1)).toEqual({ event: 'strike', memberId: 'M1', actorId: staffId(), reason: 'Duplicate of a paper form' });
    const row = c.db.prepare("SELECT struck_by AS struckBy, struck_reason AS reason FROM signatures WHERE member_id = 'M1'").get();
    expect(row).toEqual({ struckBy: staffId(), reason: 'Duplicate of a paper form' });
  });

  it('may strike after the deadline, when staff verify', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    expect(strike(id, 'M1', 'Not the member’s hand', deadline + 1)).toMatchObject({ count: 0, struck: 1, open: false });
  });

  it('restores a struck signature: it counts again and the log says so after the strike', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    expect(() => restore(id, 'M1')).toThrow(refused('CONFLICT', 409, 'This signature is not struck: there is nothing to restore.'));
    strike(id, 'M1');
    expect(restore(id, 'M1', 'Form 23 is not a duplicate')).toMatchObject({ count: 1, struck: 0 });
    expect(c.db.prepare("SELECT struck_at, struck_by, struck_reason FROM signatures WHERE member_id = 'M1'").get()).toEqual({ struck_at: null, struck_by: null, struck_reason: null });
    expect(audit(id).map((entry) => [entry.event, entry.reason])).toEqual([
      ['sign', null],
      ['strike', 'Form is a duplicate'],
      ['restore', 'Form 23 is not a duplicate'],
    ]);
    expect(() => withdraw(c.db, id, c.users.ana, before(5))).not.toThrow();
  });

  it('refuses an unknown text and a member without a live signature', () => {
    const id = c.text('amendment');
    expect(() => strike('no-such-text', 'M1')).toThrow(refused('NOT_FOUND', 404, 'No such document.'));
    expect(() => strike(id, 'M1')).toThrow(refused('NOT_FOUND', 404, 'Member M1 has no signature on this document.'));
    sign(c.db, id, c.users.ana, before(60));
    withdraw(c.db, id, c.users.ana, before(50));
    expect(() => restore(id, 'M1')).toThrow(refused('NOT_FOUND', 404, 'Member M1 has no signature on this document.'));
  });

  it('qualify and unqualify a text like any other change of count', () => {
    const id = c.text('amendment');
    for (const user of [c.users.ana, c.users.ben]) sign(c.db, id, user, before(60));
    paper(id, 'M5', {}, before(59));
    expect(strike(id, 'M5').status).toBe('submitted');
    expect(restore(id, 'M5').status).toBe('qualified');
  });
});

describe('what a viewer sees', () => {
  it('whether they signed, whether staff struck it and why, and whether they may sign', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    sign(c.db, id, c.users.ben, before(59));
    strike(id, 'M2', 'Signed twice on paper');
    const count = countDocument(c.db, getDocument(c.db, id)!);
    expect(viewerTally(c.db, count, c.users.ana, { overTime: false })).toMatchObject({ signedByMe: true, myStruckReason: null, eligible: true, ineligibleReason: null, count: 1 });
    expect(viewerTally(c.db, count, c.users.ben, { overTime: false })).toMatchObject({ signedByMe: false, myStruckReason: 'Signed twice on paper', eligible: true });
    expect(viewerTally(c.db, count, c.users.cy, { overTime: false })).toMatchObject({ signedByMe: false, myStruckReason: null, eligible: false, ineligibleReason: 'not-a-delegate' });
    expect(viewerTally(c.db, count, c.users.staff, { overTime: false })).toMatchObject({ signedByMe: false, eligible: false, ineligibleReason: 'not-on-roster' });
  });

  it('a withdrawn signature as not signed, and the line over time only when asked', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    withdraw(c.db, id, c.users.ana, before(50));
    const count = countDocument(c.db, getDocument(c.db, id)!);
    const without = viewerTally(c.db, count, c.users.ana, { overTime: false });
    expect(without.signedByMe).toBe(false);
    expect(without).not.toHaveProperty('overTime');
    expect(viewerTally(c.db, count, c.users.ana, { overTime: true }).overTime).toEqual([
      { at: new Date(before(60)).toISOString(), count: 1 },
      { at: new Date(before(50)).toISOString(), count: 0 },
    ]);
  });

  it('the facts of a text that collects none', () => {
    const count = countDocument(c.db, getDocument(c.db, c.text('consensus'))!);
    expect(count).toMatchObject({ collecting: false, open: false, signers: null, threshold: 0, qualified: false, timezone: 'America/Chicago', deadline: c.deadline });
  });

  it('links a user to the roster by email whatever its case', () => {
    c.db.prepare("UPDATE roster SET email = 'ANA@Small.Test' WHERE member_id = 'M1'").run();
    expect(memberByEmail(c.db, c.conventionId, 'ana@small.test')?.memberId).toBe('M1');
    expect(sign(c.db, c.text('amendment'), c.users.ana, before(60)).count).toBe(1);
  });
});

describe("staff's list of signatures", () => {
  it('lists every row newest first, says which count, and puts a member’s strikes and restores on their newest row', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    paper(id, 'M5', { note: 'Form 3' }, before(59));
    sign(c.db, id, c.users.ben, before(58));
    strike(id, 'M2', 'Not their hand', before(57));
    restore(id, 'M2', 'It was', before(56));
    withdraw(c.db, id, c.users.ana, before(55));
    sign(c.db, id, c.users.ana, before(54));
    c.db.prepare("UPDATE roster SET good_standing = 0 WHERE member_id = 'M5'").run();
    strike(id, 'M1', 'Signed for a friend', before(53));
    const list = listSignatures(c.db, getDocument(c.db, id)!);
    expect(list.map((row) => [row.memberId, row.counted, row.withdrawnAt !== null, row.struckReason])).toEqual([
      ['M1', false, false, 'Signed for a friend'],
      ['M2', true, false, null],
      ['M5', false, false, null],
      ['M1', false, true, null],
    ]);
    expect(list[0]).toMatchObject({ name: 'Ana Alvarez', chapter: 'Chicago', delegate: true, goodStanding: true, source: 'online', struckBy: 'Sam Staff', staffActions: [{ action: 'strike', by: 'Sam Staff', reason: 'Signed for a friend' }] });
    expect(list[1]!.staffActions.map((action) => [action.action, action.reason])).toEqual([
      ['strike', 'Not their hand'],
      ['restore', 'It was'],
    ]);
    expect(list[2]).toMatchObject({ source: 'paper', enteredBy: 'Sam Staff', note: 'Form 3', goodStanding: false, staffActions: [] });
    expect(list[3]!.staffActions).toEqual([]);
  });

  it('shows a signer who left the roster without roster details, not counted', () => {
    const id = c.text('resolution');
    sign(c.db, id, c.users.cy, before(60));
    c.db.prepare("DELETE FROM roster WHERE member_id = 'M3'").run();
    expect(listSignatures(c.db, getDocument(c.db, id)!)).toEqual([expect.objectContaining({ memberId: 'M3', name: null, delegate: false, goodStanding: false, counted: false })]);
    expect(countDocument(c.db, getDocument(c.db, id)!)).toMatchObject({ count: 0, ineligible: 1 });
  });
});

describe('the rules store', () => {
  it('merges rules per kind, drops unknown kinds, and changes only the fields given', () => {
    const start = currentConvention(c.db);
    c.db.prepare('UPDATE conventions SET rules = ?').run(JSON.stringify({ ...start.rules, motion: { signers: 'members', threshold: 5 } }));
    const updated = updateRules(c.db, { rules: { resolution: { signers: 'delegates', threshold: 7 } }, timezone: 'Europe/Paris' });
    expect(updated.rules).toEqual({ ...start.rules, resolution: { signers: 'delegates', threshold: 7 } });
    expect(updated).toMatchObject({ timezone: 'Europe/Paris', signatureDeadline: start.signatureDeadline, submissionDeadline: start.submissionDeadline, rosterDate: start.rosterDate });
    const cleared = updateRules(c.db, { signatureDeadline: null, submissionDeadline: '2030-01-01T00:00:00.000Z', rosterDate: '2029-01-01T00:00:00.000Z' });
    expect(cleared).toMatchObject({ timezone: 'Europe/Paris', signatureDeadline: null, submissionDeadline: '2030-01-01T00:00:00.000Z', rosterDate: '2029-01-01T00:00:00.000Z', rules: updated.rules });
  });
});

describe('the audit log', () => {
  it('checks out after every kind of change, and its head is the anchor to keep', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    paper(id, 'M5', {}, before(59));
    strike(id, 'M5');
    restore(id, 'M5');
    withdraw(c.db, id, c.users.ana, before(10));
    const report = verifyAudit(c.db);
    expect(report).toMatchObject({ ok: true, entries: 5, total: 5, firstBroken: null, stateMismatches: [], anchor: null });
    expect(report.headHash).toBe(auditHead(c.db)!.hash);
    expect(verifyAudit(c.db, auditHead(c.db)!)).toMatchObject({ ok: true, anchor: { seq: 5, ok: true } });
    expect(verifyAudit(c.db, { seq: 5, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, anchor: { ok: false } });
    expect(verifyAudit(c.db, { seq: 6, hash: report.headHash })).toMatchObject({ ok: false, anchor: { ok: false } });
  });

  it('finds signatures changed behind the log’s back, each way, and lists at most a hundred', () => {
    const id = c.text('amendment');
    sign(c.db, id, c.users.ana, before(60));
    sign(c.db, id, c.users.ben, before(59));
    c.db.prepare("UPDATE signatures SET struck_at = ?, struck_reason = 'forged' WHERE member_id = 'M1'").run(new Date().toISOString());
    c.db.prepare("DELETE FROM signatures WHERE member_id = 'M2'").run();
    c.db.prepare("INSERT INTO signatures (convention_id, document_id, member_id, source, signed_at) VALUES (?, ?, 'M6', 'online', ?)").run(c.conventionId, id, new Date().toISOString());
    const report = verifyAudit(c.db);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toBeNull();
    expect(report.stateMismatches).toEqual(
      expect.arrayContaining([
        { documentId: id, memberId: 'M1', log: 'signed', table: 'struck' },
        { documentId: id, memberId: 'M2', log: 'signed', table: 'none' },
        { documentId: id, memberId: 'M6', log: 'none', table: 'signed' },
      ]),
    );
    expect(report.stateMismatches).toHaveLength(3);
    const insert = c.db.prepare("INSERT INTO signatures (convention_id, document_id, member_id, source, signed_at) VALUES (?, ?, ?, 'online', ?)");
    for (let i = 0; i < 120; i++) insert.run(c.conventionId, id, `X${i}`, new Date().toISOString());
    expect(verifyAudit(c.db).stateMismatches).toHaveLength(100);
  });
});

describe('seeding', () => {
  it('writes signatures oldest first, each logged, and settles the status of every text it touched', () => {
    const id = c.text('amendment');
    const other = c.text('resolution');
    const at = (minutes: number) => new Date(before(minutes)).toISOString();
    seedSignatures(c.db, c.conventionId, [
      { documentId: id, memberId: 'M2', userId: c.users.ben.id, signedAt: at(50) },
      { documentId: id, memberId: 'M1', userId: c.users.ana.id, signedAt: at(70) },
      { documentId: id, memberId: 'M5', userId: null, signedAt: at(60) },
      { documentId: other, memberId: 'M3', userId: c.users.cy.id, signedAt: at(40) },
    ]);
    expect(audit(id).map((entry) => entry.memberId)).toEqual(['M1', 'M5', 'M2']);
    expect(c.db.prepare('SELECT at FROM signature_audit ORDER BY seq').pluck().all()).toEqual([at(70), at(60), at(50), at(40)]);
    expect(status(id)).toBe('qualified');
    expect(status(other)).toBe('submitted');
    expect(verifyAudit(c.db).ok).toBe(true);
  });
});

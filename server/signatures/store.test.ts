/**
 * The signature rules as the stores apply them, on a real SQLite file with a
 * convention small enough to count by hand (tests/helpers/small-convention.ts:
 * amendments need 3 delegates, resolutions 2 members). Every test makes its own
 * database and texts, so each passes alone and in any order; and each is fast
 * enough for the mutation run (npm run test:mutation) to repeat per mutant.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallConvention, type SmallConvention } from '../../tests/helpers/small-convention';
import { currentConvention } from '../conventions/store';
import { asker } from '../storage/flow';
import type { AuditOps } from './audit';
import { reconcileAll, seedSignatures, SignatureStore, type SignatureOps, type Signer, type TallyViewer } from './store';

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
/** What a refusal carries: its stable code, its HTTP status, and (if given) its message. */
const refused = (code: string, statusCode: number, message?: string | RegExp) => ({
  code,
  statusCode,
  ...(message === undefined ? {} : { message: typeof message === 'string' ? message : expect.stringMatching(message) }),
});
const staffId = () => c.users.staff.id;
const store = () => c.storage.signatures;
const sign = (id: string, user: Signer, now: number) => store().sign(id, user, now);
const withdraw = (id: string, user: Signer, now: number) => store().withdraw(id, user, now);
const count = (id: string, now?: number) => store().count(id, now);
const tally = (id: string, viewer: TallyViewer, overTime = false) => count(id).then((counted) => store().viewerTally(counted, viewer, { overTime }));
const doc = async (id: string) => (await c.storage.documents.get(id))!;
const status = async (id: string) => (await doc(id)).status;
const updateRules = (change: Parameters<SmallConvention['storage']['rules']['update']>[0]) => c.storage.rules.update(change);
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
  store().enterPaper(id, { memberId, signedAt: extra.signedAt ?? null, note: extra.note ?? null, staffId: staffId() }, now);
const strike = (id: string, memberId: string, reason = 'Form is a duplicate', now = before(30)) => store().change(id, 'strike', { memberId, reason, staffId: staffId() }, now);
const restore = (id: string, memberId: string, reason = 'Form was valid', now = before(20)) => store().change(id, 'restore', { memberId, reason, staffId: staffId() }, now);
/** Recounts every collecting text under the rules as stored (as a roster import does); resolves with the ids that moved. */
const reconcile = () =>
  c.storage.run.write(
    (function* () {
      return yield* reconcileAll(yield* currentConvention());
    })(),
  );
/** The audit log's last entry, read as the appends read it. */
const auditHead = () => c.storage.run.read(asker<AuditOps>()('auditHead'));

describe('signing online', () => {
  it('counts the signer once, in their chapter, and logs it with the signer as actor', async () => {
    const id = await c.text('amendment');
    const counted = await sign(id, c.users.ana, before(60));
    expect(counted).toMatchObject({ documentId: id, count: 1, threshold: 3, qualified: false, byChapter: { Chicago: 1 }, status: 'submitted', open: true, collecting: true, signers: 'delegates' });
    expect(audit(id)).toEqual([{ event: 'sign', memberId: 'M1', actorId: c.users.ana.id, reason: null }]);
    const row = c.db.prepare('SELECT source, user_id AS userId, signed_at AS signedAt FROM signatures WHERE document_id = ?').get(id);
    expect(row).toEqual({ source: 'online', userId: c.users.ana.id, signedAt: new Date(before(60)).toISOString() });
  });

  it('refuses a second signature from the same member with ALREADY_SIGNED, and counts one', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await expect(sign(id, c.users.ana, before(59))).rejects.toMatchObject(refused('ALREADY_SIGNED', 409, 'You have already signed this document.'));
    expect((await count(id)).count).toBe(1);
  });

  it('refuses everyone the rule leaves out, each with the reason in words', async () => {
    const amendment = await c.text('amendment');
    const resolution = await c.text('resolution');
    await expect(sign(amendment, c.users.cy, before(60))).rejects.toMatchObject(refused('NOT_ELIGIBLE', 403, 'Only delegates can sign this kind of text.'));
    await expect(sign(amendment, c.users.dee, before(60))).rejects.toMatchObject(refused('NOT_ELIGIBLE', 403, 'Only members in good standing as of the roster date can sign this text.'));
    await expect(sign(resolution, c.users.staff, before(60))).rejects.toMatchObject(refused('NOT_ELIGIBLE', 403, /^You are not on the convention roster/));
    expect((await sign(resolution, c.users.cy, before(60))).count).toBe(1);
    expect(audit(amendment)).toEqual([]);
  });

  it('takes signatures on submitted and qualified texts only, of kinds that collect them', async () => {
    await expect(sign(await c.text('consensus'), c.users.ana, before(60))).rejects.toMatchObject(
      refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Consensus texts do not collect signatures in this convention.'),
    );
    for (const state of ['draft', 'adopted', 'failed', 'withdrawn', 'final'] as const) {
      await expect(sign(await c.text('amendment', state), c.users.ana, before(60)), state).rejects.toMatchObject(
        refused('NOT_OPEN_FOR_SIGNATURES', 409, `Only submitted texts can be signed; this one is ${state}.`),
      );
    }
    expect((await sign(await c.text('amendment', 'qualified'), c.users.ana, before(60))).count).toBe(1);
    await expect(sign('no-such-text', c.users.ana, before(60))).rejects.toMatchObject(refused('NOT_FOUND', 404));
  });

  it('names the kind that collects none in its refusal', async () => {
    await updateRules({ rules: { resolution: { signers: 'members', threshold: 0 } } });
    await expect(sign(await c.text('resolution'), c.users.ana, before(60))).rejects.toMatchObject(
      refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Resolutions do not collect signatures in this convention.'),
    );
    await updateRules({ rules: { amendment: { signers: 'delegates', threshold: 0 } } });
    await expect(sign(await c.text('amendment'), c.users.ana, before(60))).rejects.toMatchObject(
      refused('NOT_OPEN_FOR_SIGNATURES', 409, 'Amendments do not collect signatures in this convention.'),
    );
  });

  it('is open at the deadline instant and closed a millisecond after, saying when it closed in convention time', async () => {
    const id = await c.text('amendment');
    expect((await sign(id, c.users.ana, deadline)).count).toBe(1);
    await expect(sign(id, c.users.ben, deadline + 1)).rejects.toMatchObject(refused('DEADLINE_PASSED', 403, /^The signature deadline passed on .+ C[SD]T\.$/));
    expect(await count(id, deadline)).toMatchObject({ count: 1, open: true, deadlinePassed: false });
    expect(await count(id, deadline + 1)).toMatchObject({ count: 1, open: false, deadlinePassed: true });
  });

  it('never closes in a convention without a deadline', async () => {
    await updateRules({ signatureDeadline: null });
    expect(await sign(await c.text('amendment'), c.users.ana, deadline + 365 * 24 * 60 * MINUTE)).toMatchObject({ count: 1, open: true, deadlinePassed: false, deadline: null });
  });

  it('counts only texts that exist', async () => {
    await expect(count('no-such-text')).rejects.toMatchObject(refused('NOT_FOUND', 404, 'No such document.'));
  });
});

describe('two requests of one member racing', () => {
  /** The error the database gives the second of two racing inserts: the partial unique index refuses a second live signature. */
  async function secondLiveSignature(id: string): Promise<unknown> {
    await sign(id, c.users.ana, before(60));
    try {
      c.db.prepare("INSERT INTO signatures (convention_id, document_id, member_id, source, signed_at) VALUES (?, ?, 'M1', 'online', ?)").run(c.conventionId, id, new Date().toISOString());
    } catch (error) {
      return error;
    }
    throw new Error('the database took a second live signature');
  }

  it('answers the one whose insert the unique index refused with ALREADY_SIGNED, online and on paper', async () => {
    const refusal = await secondLiveSignature(await c.text('amendment'));
    expect(c.storage.run.isUniqueViolation(refusal)).toBe(true);
    // Both passed the checks; the index let one commit: this store's transaction is the one refused.
    const racing = new SignatureStore({ ...c.storage.run, write: () => Promise.reject(refusal) });
    await expect(racing.sign('any', c.users.ana)).rejects.toMatchObject(refused('ALREADY_SIGNED', 409, 'You have already signed this document.'));
    await expect(racing.enterPaper('any', { memberId: 'M1', signedAt: null, note: null, staffId: staffId() })).rejects.toMatchObject(
      refused('ALREADY_SIGNED', 409, 'This member has already signed this document.'),
    );
  });

  it('passes any other failure on as it is', async () => {
    const failure = new Error('disk I/O error');
    const failing = new SignatureStore({ ...c.storage.run, write: () => Promise.reject(failure) });
    await expect(failing.sign('any', c.users.ana)).rejects.toBe(failure);
    await expect(failing.enterPaper('any', { memberId: 'M1', signedAt: null, note: null, staffId: staffId() })).rejects.toBe(failure);
  });
});

describe('withdrawing', () => {
  it('stops the signature counting, logs it, and lets the member sign again, counted once', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    expect(await withdraw(id, c.users.ana, before(50))).toMatchObject({ count: 0, withdrawn: 1 });
    await expect(withdraw(id, c.users.ana, before(49))).rejects.toMatchObject(refused('NOT_SIGNED', 404));
    expect(await sign(id, c.users.ana, before(40))).toMatchObject({ count: 1, withdrawn: 0 });
    expect(audit(id).map((entry) => entry.event)).toEqual(['sign', 'withdraw', 'sign']);
    expect((await count(id)).overTime.map((point) => point.count)).toEqual([1, 0, 1]);
  });

  it('refuses one who never signed, one off the roster, after the deadline, and a struck signature', async () => {
    const id = await c.text('amendment');
    await expect(withdraw(id, c.users.ana, before(60))).rejects.toMatchObject(refused('NOT_SIGNED', 404));
    await expect(withdraw(id, c.users.staff, before(60))).rejects.toMatchObject(refused('NOT_SIGNED', 404));
    await sign(id, c.users.ana, before(60));
    await expect(withdraw(id, c.users.ana, deadline + 1)).rejects.toMatchObject(refused('DEADLINE_PASSED', 403));
    await sign(id, c.users.ben, before(60));
    await strike(id, 'M2', 'Signed for someone else');
    await expect(withdraw(id, c.users.ben, before(10))).rejects.toMatchObject(
      refused('SIGNATURE_STRUCK', 409, 'Your signature on this text was struck by convention staff: Signed for someone else'),
    );
    expect(await count(id)).toMatchObject({ count: 1, struck: 1, withdrawn: 0 });
  });
});

describe('the threshold', () => {
  it('qualifies a text at its threshold and moves it back below, each move in its history by no one', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    expect((await sign(id, c.users.ben, before(59))).status).toBe('submitted');
    expect(await paper(id, 'M5', {}, before(58))).toMatchObject({ count: 3, qualified: true, status: 'qualified', open: true });
    expect(await status(id)).toBe('qualified');
    expect(await withdraw(id, c.users.ben, before(57))).toMatchObject({ count: 2, qualified: false, status: 'submitted' });
    expect(await status(id)).toBe('submitted');
    expect(history(id).slice(1)).toEqual([
      { from: 'submitted', to: 'qualified', action: 'threshold reached', actor: null, note: '3 of 3 signatures' },
      { from: 'qualified', to: 'submitted', action: 'fell below the threshold', actor: null, note: '2 of 3 signatures' },
    ]);
  });

  it('leaves a move staff made by hand standing, but not one a caucus made', async () => {
    const byStaff = await c.text('amendment');
    await c.storage.documents.recordTransition({ documentId: byStaff, from: 'submitted', to: 'qualified', action: 'rules suspended', actorId: staffId() });
    expect(await sign(byStaff, c.users.ana, before(60))).toMatchObject({ count: 1, qualified: false, status: 'qualified' });
    expect(await status(byStaff)).toBe('qualified');
    const byCaucus = await c.text('amendment', 'qualified');
    expect((await sign(byCaucus, c.users.ana, before(60))).status).toBe('submitted');
    expect(await status(byCaucus)).toBe('submitted');
  });

  it('moves every submitted or qualified text when the rules change', async () => {
    const signed = await c.text('amendment');
    const unsigned = await c.text('amendment');
    const draft = await c.text('amendment', 'draft');
    await sign(signed, c.users.ana, before(60));
    await updateRules({ rules: { amendment: { signers: 'delegates', threshold: 1 } } });
    expect([await status(signed), await status(unsigned), await status(draft)]).toEqual(['qualified', 'submitted', 'draft']);
    await updateRules({ rules: { amendment: { signers: 'delegates', threshold: 3 } } });
    expect(await status(signed)).toBe('submitted');
  });

  it('recounts every collecting text under the rules as stored, and names those it moved', async () => {
    const signed = await c.text('amendment');
    const unsigned = await c.text('amendment');
    const draft = await c.text('amendment', 'draft');
    await sign(signed, c.users.ana, before(60));
    const setThreshold = (threshold: number) =>
      c.db.prepare('UPDATE conventions SET rules = ?').run(JSON.stringify({ amendment: { signers: 'delegates', threshold }, resolution: { signers: 'members', threshold: 2 } }));
    setThreshold(1);
    expect(await reconcile()).toEqual([signed]);
    expect([await status(signed), await status(unsigned), await status(draft)]).toEqual(['qualified', 'submitted', 'draft']);
    setThreshold(3);
    expect(await reconcile()).toEqual([signed]);
    expect(await status(signed)).toBe('submitted');
    expect(await reconcile()).toEqual([]);
  });

  it('counts only signers the rule still admits after the roster changes', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await sign(id, c.users.ben, before(59));
    c.db.prepare("UPDATE roster SET delegate = 0 WHERE member_id = 'M2'").run();
    expect(await count(id)).toMatchObject({ count: 1, ineligible: 1, byChapter: { Chicago: 1 } });
  });
});

describe('paper signatures', () => {
  it('are entered by member id under the online rules, linked to the member’s account when they have one', async () => {
    const id = await c.text('amendment');
    expect((await paper(id, 'M5', { note: 'Form 17' })).count).toBe(1);
    expect((await paper(id, 'M1')).count).toBe(2);
    const rows = c.db.prepare('SELECT member_id AS memberId, source, user_id AS userId, entered_by AS enteredBy, note FROM signatures WHERE document_id = ? ORDER BY id').all(id);
    expect(rows).toEqual([
      { memberId: 'M5', source: 'paper', userId: null, enteredBy: staffId(), note: 'Form 17' },
      { memberId: 'M1', source: 'paper', userId: c.users.ana.id, enteredBy: staffId(), note: null },
    ]);
    expect(audit(id)).toEqual([
      { event: 'paper', memberId: 'M5', actorId: staffId(), reason: 'Form 17' },
      { event: 'paper', memberId: 'M1', actorId: staffId(), reason: null },
    ]);
    await expect(sign(id, c.users.ana, before(50))).rejects.toMatchObject(refused('ALREADY_SIGNED', 409));
  });

  it('refuses an unknown member, an ineligible one, and one who signed, naming them', async () => {
    const id = await c.text('amendment');
    await expect(paper(id, 'M99')).rejects.toMatchObject(refused('UNKNOWN_MEMBER', 422, 'No one with member id M99 is on the roster.'));
    await expect(paper(id, 'M3')).rejects.toMatchObject(refused('NOT_ELIGIBLE', 403, 'Cy Moreno (M3) cannot sign: only delegates can sign this kind of text.'));
    await expect(paper(id, 'M4')).rejects.toMatchObject(refused('NOT_ELIGIBLE', 403, 'Dee Lapsed (M4) cannot sign: not in good standing as of the roster date.'));
    await paper(id, 'M5');
    await expect(paper(id, 'M5')).rejects.toMatchObject(refused('ALREADY_SIGNED', 409, 'This member has already signed this document.'));
    await strike(id, 'M5', 'Signature does not match');
    await expect(paper(id, 'M5')).rejects.toMatchObject(
      refused('SIGNATURE_STRUCK', 409, 'This member’s signature on this text was struck by convention staff: Signature does not match'),
    );
  });

  it('take a paper date up to the deadline even when entered after it, never one after it or in the future', async () => {
    const id = await c.text('amendment');
    const late = deadline + 60 * MINUTE;
    expect((await paper(id, 'M5', { signedAt: c.deadline }, late)).count).toBe(1);
    const signedAt = c.db.prepare("SELECT signed_at FROM signatures WHERE member_id = 'M5'").pluck().get();
    expect(signedAt).toBe(c.deadline);
    await expect(paper(id, 'M6', { signedAt: new Date(deadline + 1).toISOString() }, late)).rejects.toMatchObject(
      refused('DEADLINE_PASSED', 403, /^This paper signature is dated after the signature deadline/),
    );
    await expect(paper(id, 'M6', {}, late)).rejects.toMatchObject(refused('DEADLINE_PASSED', 403));
    await expect(paper(id, 'M6', { signedAt: new Date(before(59)).toISOString() }, before(60))).rejects.toMatchObject(
      refused('BAD_REQUEST', 400, 'A paper signature cannot be dated in the future.'),
    );
    expect((await paper(id, 'M6', { signedAt: new Date(before(60)).toISOString() }, before(60))).count).toBe(2);
  });

  it('are refused on a text that does not take signatures, whatever its date', async () => {
    await expect(paper(await c.text('amendment', 'draft'), 'M5')).rejects.toMatchObject(refused('NOT_OPEN_FOR_SIGNATURES', 409));
    await expect(paper(await c.text('consensus'), 'M5')).rejects.toMatchObject(refused('NOT_OPEN_FOR_SIGNATURES', 409));
    await expect(paper('no-such-text', 'M5')).rejects.toMatchObject(refused('NOT_FOUND', 404));
  });
});

describe('striking and restoring', () => {
  it('strikes a signature with a reason: it stays on record, stops counting, and the member cannot sign that text again', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await sign(id, c.users.ben, before(59));
    expect(await strike(id, 'M1', 'Duplicate of a paper form')).toMatchObject({ count: 1, struck: 1 });
    await expect(strike(id, 'M1', 'Again')).rejects.toMatchObject(refused('SIGNATURE_STRUCK', 409, 'This signature was already struck: Duplicate of a paper form'));
    await expect(sign(id, c.users.ana, before(10))).rejects.toMatchObject(
      refused('SIGNATURE_STRUCK', 409, 'Your signature on this text was struck by convention staff: Duplicate of a paper form'),
    );
    expect(audit(id).at(-1)).toEqual({ event: 'strike', memberId: 'M1', actorId: staffId(), reason: 'Duplicate of a paper form' });
    const row = c.db.prepare("SELECT struck_by AS struckBy, struck_reason AS reason FROM signatures WHERE member_id = 'M1'").get();
    expect(row).toEqual({ struckBy: staffId(), reason: 'Duplicate of a paper form' });
  });

  it('may strike after the deadline, when staff verify', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    expect(await strike(id, 'M1', 'Not the member’s hand', deadline + 1)).toMatchObject({ count: 0, struck: 1, open: false });
  });

  it('restores a struck signature: it counts again and the log says so after the strike', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await expect(restore(id, 'M1')).rejects.toMatchObject(refused('CONFLICT', 409, 'This signature is not struck: there is nothing to restore.'));
    await strike(id, 'M1');
    expect(await restore(id, 'M1', 'Form 23 is not a duplicate')).toMatchObject({ count: 1, struck: 0 });
    expect(c.db.prepare("SELECT struck_at, struck_by, struck_reason FROM signatures WHERE member_id = 'M1'").get()).toEqual({ struck_at: null, struck_by: null, struck_reason: null });
    expect(audit(id).map((entry) => [entry.event, entry.reason])).toEqual([
      ['sign', null],
      ['strike', 'Form is a duplicate'],
      ['restore', 'Form 23 is not a duplicate'],
    ]);
    expect(await withdraw(id, c.users.ana, before(5))).toMatchObject({ count: 0, withdrawn: 1 });
  });

  it('refuses an unknown text and a member without a live signature', async () => {
    const id = await c.text('amendment');
    await expect(strike('no-such-text', 'M1')).rejects.toMatchObject(refused('NOT_FOUND', 404, 'No such document.'));
    await expect(strike(id, 'M1')).rejects.toMatchObject(refused('NOT_FOUND', 404, 'Member M1 has no signature on this document.'));
    await sign(id, c.users.ana, before(60));
    await withdraw(id, c.users.ana, before(50));
    await expect(restore(id, 'M1')).rejects.toMatchObject(refused('NOT_FOUND', 404, 'Member M1 has no signature on this document.'));
  });

  it('qualify and unqualify a text like any other change of count', async () => {
    const id = await c.text('amendment');
    for (const user of [c.users.ana, c.users.ben]) await sign(id, user, before(60));
    await paper(id, 'M5', {}, before(59));
    expect((await strike(id, 'M5')).status).toBe('submitted');
    expect((await restore(id, 'M5')).status).toBe('qualified');
  });
});

describe('what a viewer sees', () => {
  it('whether they signed, whether staff struck it and why, and whether they may sign', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await sign(id, c.users.ben, before(59));
    await strike(id, 'M2', 'Signed twice on paper');
    expect(await tally(id, c.users.ana)).toMatchObject({ signedByMe: true, myStruckReason: null, eligible: true, ineligibleReason: null, count: 1 });
    expect(await tally(id, c.users.ben)).toMatchObject({ signedByMe: false, myStruckReason: 'Signed twice on paper', eligible: true });
    expect(await tally(id, c.users.cy)).toMatchObject({ signedByMe: false, myStruckReason: null, eligible: false, ineligibleReason: 'not-a-delegate' });
    expect(await tally(id, c.users.dee)).toMatchObject({ signedByMe: false, eligible: false, ineligibleReason: 'not-in-good-standing' });
    expect(await tally(id, c.users.staff)).toMatchObject({ signedByMe: false, eligible: false, ineligibleReason: 'not-on-roster' });
  });

  it('a withdrawn signature as not signed, and the line over time only when asked', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await withdraw(id, c.users.ana, before(50));
    const without = await tally(id, c.users.ana);
    expect(without.signedByMe).toBe(false);
    expect(without).not.toHaveProperty('overTime');
    expect((await tally(id, c.users.ana, true)).overTime).toEqual([
      { at: new Date(before(60)).toISOString(), count: 1 },
      { at: new Date(before(50)).toISOString(), count: 0 },
    ]);
  });

  it('the facts of a text that collects none', async () => {
    expect(await count(await c.text('consensus'))).toMatchObject({ collecting: false, open: false, signers: null, threshold: 0, qualified: false, timezone: 'America/Chicago', deadline: c.deadline });
  });

  it('links a user to the roster by email whatever its case', async () => {
    c.db.prepare("UPDATE roster SET email = 'ANA@Small.Test' WHERE member_id = 'M1'").run();
    expect((await c.storage.run.read(asker<SignatureOps>()('memberByEmail', c.conventionId, 'ana@small.test')))?.memberId).toBe('M1');
    expect((await sign(await c.text('amendment'), c.users.ana, before(60))).count).toBe(1);
  });
});

describe("staff's list of signatures", () => {
  it('lists every row newest first, says which count, and puts a member’s strikes and restores on their newest row', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await paper(id, 'M5', { note: 'Form 3' }, before(59));
    await sign(id, c.users.ben, before(58));
    await strike(id, 'M2', 'Not their hand', before(57));
    await restore(id, 'M2', 'It was', before(56));
    await withdraw(id, c.users.ana, before(55));
    await sign(id, c.users.ana, before(54));
    c.db.prepare("UPDATE roster SET good_standing = 0 WHERE member_id = 'M5'").run();
    await strike(id, 'M1', 'Signed for a friend', before(53));
    const list = await store().list(await doc(id));
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

  it('shows a signer who left the roster without roster details, not counted', async () => {
    const id = await c.text('resolution');
    await sign(id, c.users.cy, before(60));
    c.db.prepare("DELETE FROM roster WHERE member_id = 'M3'").run();
    expect(await store().list(await doc(id))).toEqual([expect.objectContaining({ memberId: 'M3', name: null, delegate: false, goodStanding: false, counted: false })]);
    expect(await count(id)).toMatchObject({ count: 0, ineligible: 1 });
  });
});

describe('the rules store', () => {
  it('merges rules per kind, drops unknown kinds, and changes only the fields given', async () => {
    const start = await c.storage.conventions.current();
    c.db.prepare('UPDATE conventions SET rules = ?').run(JSON.stringify({ ...start.rules, motion: { signers: 'members', threshold: 5 } }));
    const updated = await updateRules({ rules: { resolution: { signers: 'delegates', threshold: 7 } }, timezone: 'Europe/Paris' });
    expect(updated.rules).toEqual({ ...start.rules, resolution: { signers: 'delegates', threshold: 7 } });
    expect(updated).toMatchObject({ timezone: 'Europe/Paris', signatureDeadline: start.signatureDeadline, submissionDeadline: start.submissionDeadline, rosterDate: start.rosterDate });
    const cleared = await updateRules({ signatureDeadline: null, submissionDeadline: '2030-01-01T00:00:00.000Z', rosterDate: '2029-01-01T00:00:00.000Z' });
    expect(cleared).toMatchObject({ timezone: 'Europe/Paris', signatureDeadline: null, submissionDeadline: '2030-01-01T00:00:00.000Z', rosterDate: '2029-01-01T00:00:00.000Z', rules: updated.rules });
    expect(await c.storage.conventions.current()).toEqual(cleared);
    expect(await updateRules({ timezone: 'America/Chicago' })).toMatchObject({ submissionDeadline: '2030-01-01T00:00:00.000Z', rosterDate: '2029-01-01T00:00:00.000Z', signatureDeadline: null });
  });
});

describe('the audit log', () => {
  it('checks out after every kind of change, and its head is the anchor to keep', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await paper(id, 'M5', {}, before(59));
    await strike(id, 'M5');
    await restore(id, 'M5');
    await withdraw(id, c.users.ana, before(10));
    const report = await store().verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 5, total: 5, firstBroken: null, stateMismatches: [], anchor: null });
    const head = (await auditHead())!;
    expect(report.headHash).toBe(head.hash);
    expect(await store().currentAnchor()).toBe(`5:${head.hash}`);
    expect(await store().verifyAudit(head)).toMatchObject({ ok: true, anchor: { seq: 5, ok: true } });
    expect(await store().verifyAudit({ seq: 5, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, anchor: { ok: false } });
    expect(await store().verifyAudit({ seq: 6, hash: report.headHash })).toMatchObject({ ok: false, anchor: { ok: false } });
  });

  it('has no anchor while the log is empty', async () => {
    expect(await store().currentAnchor()).toBeNull();
    expect(await store().verifyAudit()).toMatchObject({ ok: true, entries: 0, total: 0, stateMismatches: [] });
  });

  it('finds signatures changed behind the log’s back, each way, and lists at most a hundred', async () => {
    const id = await c.text('amendment');
    await sign(id, c.users.ana, before(60));
    await sign(id, c.users.ben, before(59));
    c.db.prepare("UPDATE signatures SET struck_at = ?, struck_reason = 'forged' WHERE member_id = 'M1'").run(new Date().toISOString());
    c.db.prepare("DELETE FROM signatures WHERE member_id = 'M2'").run();
    c.db.prepare("INSERT INTO signatures (convention_id, document_id, member_id, source, signed_at) VALUES (?, ?, 'M6', 'online', ?)").run(c.conventionId, id, new Date().toISOString());
    const report = await store().verifyAudit();
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
    expect((await store().verifyAudit()).stateMismatches).toHaveLength(100);
  });
});

describe('seeding', () => {
  it('writes signatures oldest first, each logged, and settles the status of every text it touched', async () => {
    const id = await c.text('amendment');
    const other = await c.text('resolution');
    const at = (minutes: number) => new Date(before(minutes)).toISOString();
    await c.storage.run.write(
      seedSignatures(c.conventionId, [
        { documentId: id, memberId: 'M2', userId: c.users.ben.id, signedAt: at(50) },
        { documentId: id, memberId: 'M1', userId: c.users.ana.id, signedAt: at(70) },
        { documentId: id, memberId: 'M5', userId: null, signedAt: at(60) },
        { documentId: other, memberId: 'M3', userId: c.users.cy.id, signedAt: at(40) },
      ]),
    );
    expect(audit(id).map((entry) => entry.memberId)).toEqual(['M1', 'M5', 'M2']);
    expect(c.db.prepare('SELECT at FROM signature_audit ORDER BY seq').pluck().all()).toEqual([at(70), at(60), at(50), at(40)]);
    expect(await status(id)).toBe('qualified');
    expect(await status(other)).toBe('submitted');
    expect((await store().verifyAudit()).ok).toBe(true);
  });
});

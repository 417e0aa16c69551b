import { randomBytes } from 'node:crypto';
import type { Db } from './db';
import { nowIso } from './db';
import type { DemoConvention } from '../fixtures/index';
import { hashPassword } from './auth/passwords';
import { insertDocument, insertVersion } from './documents/store';
import { Journal } from './sync/journal';
import { seedSignatures } from './signatures/store';
import { updateFromBlocks } from './sync/content';
import { proseMirrorFromBlocks } from '../shared/text';

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('base64url')}`;
}

/** Whether the database has no convention yet (a fresh data folder). */
export function isEmpty(db: Db): boolean {
  return (db.prepare('SELECT count(*) AS n FROM conventions').get() as { n: number }).n === 0;
}

/**
 * Writes the demo convention into an empty database, all in one transaction:
 * the convention and its rules, caucuses, accounts, roster, every document with
 * its text in the journal (and version 1 of each text past draft), and the demo
 * signatures.
 */
export function seedDemoConvention(db: Db, demo: DemoConvention): void {
  const journal = new Journal(db);
  const passwordHashes = new Map(demo.accounts.map((account) => [account.email, hashPassword(account.password)]));
  db.transaction(() => {
    const conventionId = newId('conv');
    const c = demo.convention;
    db.prepare(
      `INSERT INTO conventions (id, name, timezone, line_width, submission_deadline, signature_deadline, roster_date, rules, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(conventionId, c.name, c.timezone, c.lineWidth, c.submissionDeadline, c.signatureDeadline, c.rosterDate, JSON.stringify(c.rules), nowIso());

    const caucusIds = new Map<string, string>();
    for (const caucus of demo.caucuses) {
      const id = newId('cau');
      caucusIds.set(caucus.key, id);
      db.prepare('INSERT INTO caucuses (id, convention_id, name, kind) VALUES (?, ?, ?, ?)').run(id, conventionId, caucus.name, caucus.kind);
    }

    const userIds = new Map<string, string>();
    for (const account of demo.accounts) {
      const id = newId('usr');
      userIds.set(account.email, id);
      db.prepare('INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        account.email,
        account.name,
        passwordHashes.get(account.email)!,
        account.isStaff ? 1 : 0,
        nowIso(),
      );
      for (const key of account.caucusKeys) {
        const caucusId = caucusIds.get(key);
        if (!caucusId) throw new Error(`account ${account.email} names unknown caucus ${key}`);
        db.prepare('INSERT INTO caucus_members (caucus_id, user_id) VALUES (?, ?)').run(caucusId, id);
      }
    }

    const insertMember = db.prepare(
      `INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const rosterTime = c.rosterDate;
    for (const member of demo.roster) {
      insertMember.run(conventionId, member.memberId, member.name, member.email, member.chapter, member.goodStanding ? 1 : 0, member.delegate ? 1 : 0, rosterTime);
    }

    const documentIds = new Map<string, string>();
    for (const document of demo.documents) {
      const caucusId = caucusIds.get(document.caucusKey);
      if (!caucusId) throw new Error(`document ${document.key} names unknown caucus ${document.caucusKey}`);
      const baseId = document.baseKey ? documentIds.get(document.baseKey) : null;
      if (document.baseKey && !baseId) throw new Error(`document ${document.key} comes before its base ${document.baseKey}`);
      const createdBy = userIds.get(document.createdBy) ?? null;
      const id = insertDocument(db, {
        conventionId,
        code: document.code,
        kind: document.kind,
        status: document.status,
        title: document.title,
        caucusId,
        baseId,
        baseVersion: document.baseVersion ?? null,
        rationale: document.rationale ?? '',
        createdBy,
      });
      documentIds.set(document.key, id);
      journal.append(id, updateFromBlocks(document.blocks), true);
      if (document.status !== 'draft') {
        insertVersion(db, { documentId: id, version: 1, title: document.title, content: proseMirrorFromBlocks(document.blocks), createdBy, baseVersion: document.baseVersion ?? null });
      }
    }

    const memberEmails = new Map(demo.roster.map((member) => [member.memberId, member.email]));
    const userByEmail = new Map([...userIds].map(([email, id]) => [email.toLowerCase(), id]));
    const demoSignatures: Parameters<typeof seedSignatures>[2][number][] = [];
    for (const { documentKey, memberIds } of demo.signatures) {
      const documentId = documentIds.get(documentKey);
      if (!documentId) throw new Error(`signatures name unknown document ${documentKey}`);
      memberIds.forEach((memberId, index) => {
        const email = memberEmails.get(memberId)?.toLowerCase();
        const signedAt = new Date(Date.now() - (memberIds.length - index) * 17 * 60_000).toISOString();
        demoSignatures.push({ documentId, memberId, userId: email ? (userByEmail.get(email) ?? null) : null, signedAt });
      });
    }
    seedSignatures(db, conventionId, demoSignatures);
  })();
}

import { randomBytes } from 'node:crypto';
import { nowIso } from './db';
import type { DemoConvention } from '../fixtures/index';
import { hashPassword } from './auth/passwords';
import { asker, type Flow } from './storage/flow';
import type { Stores } from './storage';
import type { ConventionOps } from './conventions/store';
import type { UserOps } from './auth/users';
import { insertDocument, insertFirstText, insertVersion } from './documents/store';
import { insertRoster } from './roster/store';
import { seedSignatures, type SeedSignature } from './signatures/store';
import { updateFromBlocks } from './sync/content';
import { proseMirrorFromBlocks } from '../shared/text';

const askConventions = asker<ConventionOps>();
const askUsers = asker<UserOps>();

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('base64url')}`;
}

/**
 * The demo convention as written into an empty database: the convention and its
 * rules, caucuses, accounts, roster, every document with its text in the journal
 * (and version 1 of each text past draft), and the demo signatures.
 */
function* demoConvention(demo: DemoConvention, passwordHashes: ReadonlyMap<string, string>): Flow<boolean> {
  // Two processes starting at once on an empty database: the second finds the first's convention.
  yield* askConventions('lockConventions');
  if ((yield* askConventions('conventionCount')) > 0) return false;
  const conventionId = newId('conv');
  const c = demo.convention;
  yield* askConventions('insertConvention', {
    id: conventionId,
    name: c.name,
    timezone: c.timezone,
    line_width: c.lineWidth,
    submission_deadline: c.submissionDeadline,
    signature_deadline: c.signatureDeadline,
    roster_date: c.rosterDate,
    rules: JSON.stringify(c.rules),
    created_at: nowIso(),
  });

  const caucusIds = new Map<string, string>();
  for (const caucus of demo.caucuses) {
    const id = newId('cau');
    caucusIds.set(caucus.key, id);
    yield* askUsers('insertCaucus', { id, conventionId, name: caucus.name, kind: caucus.kind });
  }

  const userIds = new Map<string, string>();
  for (const account of demo.accounts) {
    const id = newId('usr');
    userIds.set(account.email, id);
    yield* askUsers('insertUser', { id, email: account.email, name: account.name, password_hash: passwordHashes.get(account.email)!, is_staff: account.isStaff ? 1 : 0, created_at: nowIso() });
    for (const key of account.caucusKeys) {
      const caucusId = caucusIds.get(key);
      if (!caucusId) throw new Error(`account ${account.email} names unknown caucus ${key}`);
      yield* askUsers('insertCaucusMember', caucusId, id);
    }
  }

  yield* insertRoster(conventionId, demo.roster, c.rosterDate);

  const documentIds = new Map<string, string>();
  for (const document of demo.documents) {
    const caucusId = caucusIds.get(document.caucusKey);
    if (!caucusId) throw new Error(`document ${document.key} names unknown caucus ${document.caucusKey}`);
    const baseId = document.baseKey ? documentIds.get(document.baseKey) : null;
    if (document.baseKey && !baseId) throw new Error(`document ${document.key} comes before its base ${document.baseKey}`);
    const createdBy = userIds.get(document.createdBy) ?? null;
    const id = yield* insertDocument({
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
    yield* insertFirstText(id, updateFromBlocks(document.blocks), true);
    if (document.status !== 'draft') {
      yield* insertVersion({ documentId: id, version: 1, title: document.title, content: proseMirrorFromBlocks(document.blocks), createdBy, baseVersion: document.baseVersion ?? null });
    }
  }

  const memberEmails = new Map(demo.roster.map((member) => [member.memberId, member.email]));
  const userByEmail = new Map([...userIds].map(([email, id]) => [email.toLowerCase(), id]));
  const demoSignatures: SeedSignature[] = [];
  for (const { documentKey, memberIds } of demo.signatures) {
    const documentId = documentIds.get(documentKey);
    if (!documentId) throw new Error(`signatures name unknown document ${documentKey}`);
    memberIds.forEach((memberId, index) => {
      const email = memberEmails.get(memberId)?.toLowerCase();
      const signedAt = new Date(Date.now() - (memberIds.length - index) * 17 * 60_000).toISOString();
      demoSignatures.push({ documentId, memberId, userId: email ? (userByEmail.get(email) ?? null) : null, signedAt });
    });
  }
  yield* seedSignatures(conventionId, demoSignatures);
  return true;
}

/**
 * Writes the demo convention into an empty database, all in one transaction
 * (on either backend: a failure leaves the database empty, and the next start
 * tries again). Resolves with false, writing nothing, when the database already
 * holds a convention.
 */
export function seedDemoConvention(storage: Pick<Stores, 'run'>, demo: DemoConvention): Promise<boolean> {
  const passwordHashes = new Map(demo.accounts.map((account) => [account.email, hashPassword(account.password)]));
  return storage.run.write(demoConvention(demo, passwordHashes));
}

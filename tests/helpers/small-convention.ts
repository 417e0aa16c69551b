import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db';
import { insertDocument } from '../../server/documents/store';
import { recordTransition } from '../../server/documents/events';
import { sqliteStorage, type Storage } from '../../server/storage';
import type { DocumentKind, DocumentStatus, SignatureRule } from '../../shared/api';

/**
 * A convention small enough to count by hand, on a real SQLite file: the
 * signature rules and the stores (`storage`, over the file's own connection
 * `db`, which tests use for the SQL the API cannot do) run against it in
 * milliseconds, so the mutation run (npm run test:mutation) can repeat the
 * tests per mutant.
 *
 * Rules: amendments need 3 delegates, resolutions 2 members in good standing,
 * consensus texts collect none. The roster:
 *
 * | member | name        | delegate | good standing | chapter | account    |
 * |--------|-------------|----------|---------------|---------|------------|
 * | M1     | Ana Alvarez | yes      | yes           | Chicago | ana        |
 * | M2     | Ben Okafor  | yes      | yes           | Boston  | ben        |
 * | M3     | Cy Moreno   | no       | yes           | Chicago | cy         |
 * | M4     | Dee Lapsed  | yes      | no            | Denver  | dee        |
 * | M5     | Eve Paper   | yes      | yes           | Denver  | none       |
 * | M6     | Fay Quinn   | yes      | yes           | Austin  | none       |
 *
 * Staff (Sam Staff) is not on the roster; the drafter (Dora Drafter) drafts
 * for the Lantern Caucus and is not on it either.
 */
export interface SmallConvention {
  /** The stores over the file (`sqliteStorage(db)`). */
  storage: Storage;
  /** The file's connection, for the SQL the stores do not offer (a roster edit behind the API, tampering). */
  db: Db;
  dataDir: string;
  conventionId: string;
  caucusId: string;
  committeeId: string;
  /** The signature deadline, an instant a month from when the convention was made. */
  deadline: string;
  users: Record<Account, { id: string; email: string }>;
  /** A new text of the Lantern Caucus (a consensus text: of the committee), with its submission in its history when past draft. */
  text(kind: DocumentKind, status?: DocumentStatus, code?: string): Promise<string>;
  /** Closes the stores and deletes the folder. */
  close(): Promise<void>;
}

export type Account = 'ana' | 'ben' | 'cy' | 'dee' | 'staff' | 'drafter';

export const SMALL_RULES: Record<DocumentKind, SignatureRule> = {
  amendment: { signers: 'delegates', threshold: 3 },
  resolution: { signers: 'members', threshold: 2 },
  consensus: { signers: 'members', threshold: 0 },
};

const ROSTER = [
  ['M1', 'Ana Alvarez', 'ana@small.test', 'Chicago', 1, 1],
  ['M2', 'Ben Okafor', 'ben@small.test', 'Boston', 1, 1],
  ['M3', 'Cy Moreno', 'cy@small.test', 'Chicago', 1, 0],
  ['M4', 'Dee Lapsed', 'dee@small.test', 'Denver', 0, 1],
  ['M5', 'Eve Paper', 'eve@small.test', 'Denver', 1, 1],
  ['M6', 'Fay Quinn', 'fay@small.test', 'Austin', 1, 1],
] as const;

const ACCOUNTS: Record<Account, { name: string; staff: boolean }> = {
  ana: { name: 'Ana Alvarez', staff: false },
  ben: { name: 'Ben Okafor', staff: false },
  cy: { name: 'Cy Moreno', staff: false },
  dee: { name: 'Dee Lapsed', staff: false },
  staff: { name: 'Sam Staff', staff: true },
  drafter: { name: 'Dora Drafter', staff: false },
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes the small convention into a fresh data folder (or `dataDir`) and leaves its database open. */
export function smallConvention(dataDir = mkdtempSync(join(tmpdir(), 'plenary-small-'))): SmallConvention {
  const db = openDatabase(dataDir);
  const created = new Date().toISOString();
  const deadline = new Date(Date.now() + 30 * DAY_MS).toISOString();
  const conventionId = 'conv_small';
  const caucusId = 'cau_lantern';
  const committeeId = 'cau_committee';
  db.prepare(
    `INSERT INTO conventions (id, name, timezone, signature_deadline, roster_date, rules, created_at) VALUES (?, 'Small Convention', 'America/Chicago', ?, ?, ?, ?)`,
  ).run(conventionId, deadline, created, JSON.stringify(SMALL_RULES), created);
  db.prepare("INSERT INTO caucuses (id, convention_id, name, kind) VALUES (?, ?, 'Lantern Caucus', 'caucus'), (?, ?, 'Drafting Committee', 'committee')").run(
    caucusId,
    conventionId,
    committeeId,
    conventionId,
  );
  const users = {} as SmallConvention['users'];
  for (const [account, { name, staff }] of Object.entries(ACCOUNTS) as [Account, (typeof ACCOUNTS)[Account]][]) {
    const user = { id: `usr_${account}`, email: `${account}@small.test` };
    db.prepare('INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(user.id, user.email, name, 'no-password', staff ? 1 : 0, created);
    users[account] = user;
  }
  db.prepare('INSERT INTO caucus_members (caucus_id, user_id) VALUES (?, ?), (?, ?)').run(caucusId, users.drafter.id, committeeId, users.drafter.id);
  const member = db.prepare('INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const [memberId, name, email, chapter, goodStanding, delegate] of ROSTER) member.run(conventionId, memberId, name, email, chapter, goodStanding, delegate, created);

  const storage = sqliteStorage(db);
  return {
    storage,
    db,
    dataDir,
    conventionId,
    caucusId,
    committeeId,
    deadline,
    users,
    text(kind, status = 'submitted', code) {
      return storage.run.write(
        (function* () {
          const id = yield* insertDocument({
            conventionId,
            code: code ?? null,
            kind,
            status: 'draft',
            title: `A small ${kind}`,
            caucusId: kind === 'consensus' ? committeeId : caucusId,
            createdBy: users.drafter.id,
          });
          if (status !== 'draft') yield* recordTransition({ documentId: id, from: 'draft', to: status, action: 'submitted', actorId: users.drafter.id });
          return id;
        })(),
      );
    },
    async close() {
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Prepares a fresh Plenary data folder for a benchmark run: the demo convention
 * (so there are accounts to sign in with) plus the benchmark's documents, each a
 * draft of drafter@demo.test's caucus holding the same seed text the load
 * generator starts from. Written straight into SQLite before the server starts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db';
import { seedDemoConvention } from '../../server/seed';
import { insertDocument, insertFirstText } from '../../server/documents/store';
import { sqliteStorage } from '../../server/storage';
import { updateFromBlocks } from '../../server/sync/content';
import { loadDemoConvention } from '../../fixtures/index';
import type { TextBlock } from '../../shared/text';

/** The account every benchmark client signs in as: a drafter who may edit the benchmark drafts. */
export const BENCH_ACCOUNT = { email: 'drafter@demo.test', password: 'demo' };

/** How many paragraphs follow the title in the seed text. */
export const SEED_PARAGRAPHS = 8;

/** The seed text: a title and a few clauses, as one Yjs update (the same bytes for every server). */
export function seedUpdate(): Uint8Array {
  const blocks: TextBlock[] = [{ kind: 'title', text: 'Benchmark resolution on conference logistics' }];
  for (let i = 0; i < SEED_PARAGRAPHS; i++) {
    blocks.push({ kind: 'paragraph', text: `Clause ${i + 1}: the delegates resolve to keep drafting through the night, and nothing typed is lost.` });
  }
  return updateFromBlocks(blocks);
}

/** A new data folder with the demo convention and `docIds` as editable drafts holding `seed`. */
export async function prepareDataDir(docIds: readonly string[], seed: Uint8Array): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-plenary-'));
  const db = openDatabase(dataDir);
  const storage = sqliteStorage(db);
  try {
    await seedDemoConvention(storage, loadDemoConvention());
    const { conventionId, caucusId, userId } = db
      .prepare(
        `SELECT c.id AS conventionId, m.caucus_id AS caucusId, u.id AS userId
         FROM users u JOIN caucus_members m ON m.user_id = u.id JOIN conventions c
         WHERE u.email = ? LIMIT 1`,
      )
      .get(BENCH_ACCOUNT.email) as { conventionId: string; caucusId: string; userId: string };
    await storage.run.write(
      (function* () {
        for (const id of docIds) {
          yield* insertDocument({ id, conventionId, code: null, kind: 'resolution', status: 'draft', title: 'Benchmark', caucusId, createdBy: userId });
          yield* insertFirstText(id, seed, true);
        }
      })(),
    );
  } finally {
    await storage.close();
  }
  return dataDir;
}

/** Signs in over HTTP (as the benchmark's drafter unless told) and returns the token. */
export async function signIn(httpUrl: string, account: { email: string; password: string } = BENCH_ACCOUNT): Promise<string> {
  const response = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

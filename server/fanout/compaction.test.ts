import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db';
import { Journal, SqliteJournalStore } from '../sync/journal';
import { Room, type RoomHooks } from '../sync/room';
import { blocksOf } from '../sync/content';
import { PROSEMIRROR_FRAGMENT } from '../../shared/schema';

const open: Db[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const quiet: RoomHooks = { onChanged: () => {}, onEmpty: () => {}, onBroken: () => {}, onError: () => {} };

function type(room: Room, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  room.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).push([paragraph]);
}

describe('compaction with two processes on one journal', () => {
  it("folds only the rows its room has applied: another process's edit still on its way is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-fanout-'));
    dirs.push(dir);
    const [dbA, dbB] = [openDatabase(dir), openDatabase(dir)];
    open.push(dbA, dbB);
    const onA = await Room.load('shared-draft', new SqliteJournalStore(new Journal(dbA)), quiet);
    // B's fan-out has read nothing of the journal since it loaded the document.
    const onB = await Room.load('shared-draft', new SqliteJournalStore(new Journal(dbB)), { ...quiet, compactableThrough: (room) => room.loadedThrough });

    type(onA, 'typed on A, not yet heard on B');
    type(onB, 'typed on B');
    type(onB, 'typed on B again');
    await onB.compact();

    const reloaded = new Journal(dbA).loadDoc('shared-draft');
    expect(blocksOf(reloaded).map((block) => block.text)).toEqual(expect.arrayContaining(['typed on A, not yet heard on B', 'typed on B', 'typed on B again']));
    onA.destroy();
    onB.destroy();
  });
});

/**
 * The floor under the server's memory goal: the least a server on Plenary's stack
 * can be. Fastify with its logger and one route, better-sqlite3 over a WAL
 * database that route reads, Yjs holding one document and ws ready to upgrade
 * sockets, and nothing else: no API, no schemas, no sign-in. bench/memory.ts
 * bundles it as `npm start` bundles the server, runs it under the same Node and
 * environment and prints its RSS beside the server's, so the start goal can be
 * read against what the stack itself costs.
 *
 * DATA_DIR: the folder for its database; PORT: where it listens (127.0.0.1).
 */
import Fastify from 'fastify';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { WebSocketServer } from 'ws';
import { join } from 'node:path';

const db = new Database(join(process.env.DATA_DIR ?? '.', 'floor.db'));
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, update_bytes BLOB NOT NULL)');

const doc = new Y.Doc();
doc.getText('text').insert(0, 'Resolved, that the convention adopts this text.');
db.prepare('INSERT INTO journal (doc_id, update_bytes) VALUES (?, ?)').run('floor', Buffer.from(Y.encodeStateAsUpdate(doc)));

const app = Fastify({ logger: { level: 'warn' } });
const sockets = new WebSocketServer({ noServer: true });
app.server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head, (ws) => ws.close()));
const count = db.prepare('SELECT count(*) AS n FROM journal');
app.get('/api/health', async () => ({ ok: true, updates: (count.get() as { n: number }).n, length: doc.getText('text').length }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });

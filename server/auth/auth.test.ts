/**
 * The permission building blocks, one at a time, on a real SQLite file: who a
 * token belongs to, who a viewer is, and the guards every route calls. Fast
 * enough for the mutation run (npm run test:mutation) to repeat per mutant;
 * tests/permissions/ checks the routes that use them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { openDatabase, type Db } from '../db';
import { requestToken, requireStaff, requireViewer } from './plugin';
import { hashPassword, verifyPassword } from './passwords';
import { createSession, deleteSession, SESSION_COOKIE, userIdForToken } from './sessions';
import { inCaucus, type Viewer } from './users';
import { sqliteStorage, type Storage } from '../storage';

let dir: string;
let db: Db;
let storage: Storage;
const loadViewer = (userId: string) => storage.users.viewer(userId);
const NOW = new Date().toISOString();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plenary-auth-'));
  db = openDatabase(dir);
  storage = sqliteStorage(db);
  db.prepare("INSERT INTO conventions (id, name, timezone, created_at) VALUES ('c1', 'Convention', 'America/Chicago', ?)").run(NOW);
  db.prepare("INSERT INTO caucuses (id, convention_id, name, kind) VALUES ('k1', 'c1', 'Lantern Caucus', 'caucus'), ('k2', 'c1', 'Committee', 'committee')").run();
  const user = db.prepare('INSERT INTO users (id, email, name, password_hash, is_staff, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  user.run('u1', 'ana@example.org', 'Ana', 'x', 0, NOW);
  user.run('u2', 'staff@example.org', 'Sam', 'x', 1, NOW);
  db.prepare("INSERT INTO caucus_members (caucus_id, user_id) VALUES ('k1', 'u1'), ('k2', 'u1')").run();
  db.prepare("INSERT INTO roster (convention_id, member_id, name, email, chapter, good_standing, delegate, updated_at) VALUES ('c1', 'M7', 'Ana', 'ANA@example.org', 'Chicago', 1, 1, ?)").run(NOW);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (headers: Record<string, string> = {}, cookies: Record<string, string> = {}, viewer: Viewer | null = null) =>
  ({ headers, cookies, viewer }) as unknown as FastifyRequest;

describe('the token a request carries', () => {
  it('reads a bearer token first, then the session cookie, else none', () => {
    expect(requestToken(request({ authorization: 'Bearer  abc ' }, { [SESSION_COOKIE]: 'cookie' }))).toBe('abc');
    expect(requestToken(request({}, { [SESSION_COOKIE]: 'cookie' }))).toBe('cookie');
    expect(requestToken(request({ authorization: 'Basic abc' }, { [SESSION_COOKIE]: 'cookie' }))).toBe('cookie');
    expect(requestToken(request({ authorization: 'Basic abc' }))).toBeNull();
  });
});

describe('sessions', () => {
  it('know their user until they end or expire, and nothing else', () => {
    const token = createSession(db, 'u1');
    expect(userIdForToken(db, token)).toBe('u1');
    expect(userIdForToken(db, `${token}x`)).toBeNull();
    expect(userIdForToken(db, '')).toBeNull();
    expect(userIdForToken(db, null)).toBeNull();
    expect(userIdForToken(db, 'x'.repeat(201))).toBeNull();
    deleteSession(db, token);
    expect(userIdForToken(db, token)).toBeNull();
    const expiring = createSession(db, 'u2');
    db.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?').run(new Date(Date.now() - 1).toISOString(), 'u2');
    expect(userIdForToken(db, expiring)).toBeNull();
  });

  it('store only a hash of the token', () => {
    const token = createSession(db, 'u1');
    expect(JSON.stringify(db.prepare('SELECT * FROM sessions').all())).not.toContain(token);
  });
});

describe('viewers', () => {
  it('carry their caucuses and their roster entry, linked by email whatever its case', async () => {
    const ana = (await loadViewer('u1'))!;
    expect(ana).toMatchObject({ id: 'u1', isStaff: false, memberId: 'M7', isDelegate: true, goodStanding: true });
    expect(ana.caucuses.map((c) => c.id).sort()).toEqual(['k1', 'k2']);
    expect(await loadViewer('u2')).toMatchObject({ isStaff: true, memberId: null, isDelegate: false, goodStanding: false, caucuses: [] });
    expect(await loadViewer('nobody')).toBeNull();
    expect((await storage.users.byEmail(' ANA@example.org '))?.id).toBe('u1');
  });

  it('belong to a caucus only by membership, and never to none', async () => {
    const ana = (await loadViewer('u1'))!;
    expect(inCaucus(ana, 'k1')).toBe(true);
    expect(inCaucus(ana, 'k3')).toBe(false);
    expect(inCaucus(ana, null)).toBe(false);
    expect(inCaucus((await loadViewer('u2'))!, 'k1')).toBe(false);
  });
});

describe('the guards', () => {
  it('refuse a request without a viewer as unauthenticated, and a non-staff viewer staff routes as forbidden', async () => {
    const ana = (await loadViewer('u1'))!;
    const staff = (await loadViewer('u2'))!;
    expect(() => requireViewer(request())).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', statusCode: 401 }));
    expect(requireViewer(request({}, {}, ana))).toBe(ana);
    expect(() => requireStaff(request())).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', statusCode: 401 }));
    expect(() => requireStaff(request({}, {}, ana))).toThrow(expect.objectContaining({ code: 'FORBIDDEN', statusCode: 403 }));
    expect(requireStaff(request({}, {}, staff))).toBe(staff);
  });
});

describe('passwords', () => {
  it('verify the right password only, and a malformed hash never', async () => {
    const hash = hashPassword('correct horse');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsf', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'bcrypt$x$y')).toBe(false);
    expect(await verifyPassword('correct horse', hash.replace(/\$[^$]+$/, '$'))).toBe(false);
    expect(hashPassword('correct horse')).not.toBe(hash);
  });
});

/**
 * Accounts and caucuses behind the storage seam: who someone is, which caucuses
 * and committees they draft for, and their roster entry (linked by email). The
 * SQL is in ./users-sqlite.ts and ./users-postgres.ts.
 */
import type { User } from '../../shared/api';
import { asker, type Flow, type Runner } from '../storage/flow';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  is_staff: number;
  password_hash: string;
}

/** The signed-in person as every permission check sees them. */
export type Viewer = User;

/** What the accounts capability asks of a backend. */
export interface UserOps {
  /** A user row by email (case-insensitive), with its password hash. */
  userByEmail(email: string): UserRow | undefined;
  userById(id: string): UserRow | undefined;
  /** The caucuses and committees a user belongs to, by name. */
  caucusesOf(userId: string): User['caucuses'];
  /** The newest roster entry with this email (case-insensitive), in any convention. */
  rosterLinkOf(email: string): { member_id: string; good_standing: number; delegate: number } | undefined;
  insertUser(row: UserRow & { created_at: string }): void;
  insertCaucus(row: { id: string; conventionId: string; name: string; kind: 'caucus' | 'committee' }): void;
  insertCaucusMember(caucusId: string, userId: string): void;
}

const ask = asker<UserOps>();

/**
 * A user with their caucuses and their roster entry (linked by email) in the
 * convention, or null when the id is unknown.
 */
export function* loadViewer(userId: string): Flow<Viewer | null> {
  const row = yield* ask('userById', userId);
  if (!row) return null;
  const caucuses = yield* ask('caucusesOf', userId);
  const member = yield* ask('rosterLinkOf', row.email);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isStaff: row.is_staff === 1,
    caucuses,
    memberId: member?.member_id ?? null,
    isDelegate: member?.delegate === 1,
    goodStanding: member?.good_standing === 1,
  };
}

/** Whether the viewer belongs to the caucus (or committee) with this id. */
export function inCaucus(viewer: Viewer, caucusId: string | null): boolean {
  return caucusId !== null && viewer.caucuses.some((caucus) => caucus.id === caucusId);
}

/** The accounts capability's storage. */
export class UserStore {
  constructor(private readonly run: Runner) {}

  /** A user by email (case-insensitive, surrounding spaces ignored), with the password hash, for sign-in. */
  byEmail(email: string): Promise<UserRow | undefined> {
    return this.run.read(ask('userByEmail', email.trim()));
  }

  /** The viewer a user id names (see `loadViewer`), or null. */
  viewer(userId: string): Promise<Viewer | null> {
    return this.run.read(loadViewer(userId));
  }
}

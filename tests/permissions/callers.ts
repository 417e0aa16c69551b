/**
 * The kinds of caller the permission matrix asks every route as, and the demo
 * account each is signed in with. "Owner" and "other drafter" are relative to
 * the texts the matrix builds: every caucus text it makes belongs to the
 * Common Ground Caucus (drafter@), every consensus text to the International
 * Committee (committee@).
 */
export const CALLERS = ['anonymous', 'expired', 'lapsed', 'member', 'delegate', 'owner', 'otherDrafter', 'committee', 'staff'] as const;
export type Caller = (typeof CALLERS)[number];

/** The account a caller signs in with; anonymous has none, an expired session is a delegate's whose session ran out. */
export const ACCOUNT: Record<Caller, string | null> = {
  anonymous: null,
  expired: 'delegate@demo.test',
  lapsed: 'lapsed@demo.test',
  member: 'member@demo.test',
  delegate: 'delegate@demo.test',
  owner: 'drafter@demo.test',
  otherDrafter: 'drafter2@demo.test',
  committee: 'committee@demo.test',
  staff: 'staff@demo.test',
};

/** An expected status for each caller. */
export type Statuses = Record<Caller, number>;

const SIGNED_OUT = { anonymous: 401, expired: 401 } as const;

/** Every caller, signed in or not, gets `status`. */
export function everyone(status: number): Statuses {
  return { anonymous: status, expired: status, lapsed: status, member: status, delegate: status, owner: status, otherDrafter: status, committee: status, staff: status };
}

/** Signed-out callers get 401; everyone signed in gets `status`, but for `overrides`. */
export function signedIn(status: number, overrides: Partial<Statuses> = {}): Statuses {
  return { ...everyone(status), ...SIGNED_OUT, ...overrides };
}

/** Staff get `status`; everyone else signed in 403; signed out 401. */
export function staffOnly(status: number): Statuses {
  return signedIn(403, { staff: status });
}

/** A caucus's private draft: its drafters get `status`, every other reader 404 (the draft does not exist for them). */
export function ownerOnly(status: number, overrides: Partial<Statuses> = {}): Statuses {
  return signedIn(404, { owner: status, ...overrides });
}

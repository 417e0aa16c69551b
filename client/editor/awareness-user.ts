import type { Awareness } from 'y-protocols/awareness';

/**
 * What each client puts in its awareness `user` field: y-prosemirror reads
 * `name` and `color` for the cursor; `id` lets the presence list show a person
 * once even with several tabs open.
 */
export interface AwarenessUser {
  id: string;
  name: string;
  color: string;
  /** True when this client cannot edit (shown as "reading"). */
  readOnly?: boolean;
}

/** The `user` field of one awareness state, when it has the expected shape. */
export function userOfState(state: Record<string, unknown> | undefined): AwarenessUser | null {
  const user = state?.user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color, readOnly } = user as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  return { id: typeof id === 'string' ? id : name, name, color, readOnly: readOnly === true };
}

/** One person present on the document, with the clients (tabs) they have open. */
export interface PresentPerson extends AwarenessUser {
  isSelf: boolean;
  clients: number[];
}

/** Everyone in `awareness`, one entry per user id, yourself first, then by name. */
export function presentPeople(awareness: Awareness, selfId: string): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  awareness.getStates().forEach((state, clientId) => {
    const user = userOfState(state);
    if (!user) return;
    const existing = people.get(user.id);
    if (existing) {
      existing.clients.push(clientId);
      existing.readOnly = existing.readOnly && user.readOnly;
    } else {
      people.set(user.id, { ...user, isSelf: user.id === selfId, clients: [clientId] });
    }
  });
  return [...people.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

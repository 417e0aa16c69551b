/**
 * The roster behind the storage seam. An import is one transaction: the new
 * and changed members are written, every text that collects signatures is
 * recounted (an import can make members eligible or not) and its status moved
 * to match; a dry run does all of it and rolls it back. The SQL is in
 * ./sqlite.ts and ./postgres.ts.
 */
import type { RosterMember } from '../../shared/signatures/eligibility';
import { diffRoster, type RosterDiff, type RosterRow } from '../../shared/signatures/roster-rows';
import { nowIso } from '../db';
import { currentConvention } from '../conventions/store';
import { reconcileAll, type SignatureOps } from '../signatures/store';
import { asker, type Flow, type Runner } from '../storage/flow';

export interface StoredRosterRow {
  memberId: string;
  name: string;
  email: string;
  chapter: string;
  goodStanding: number;
  delegate: number;
}

/** The roster's size and make-up. */
export interface RosterSummaryRow {
  members: number;
  inGoodStanding: number;
  delegates: number;
  chapters: number;
  updatedAt: string | null;
}

/** What the roster asks of a backend. */
export interface RosterOps {
  /** The whole stored roster of a convention, by member id. */
  storedRoster(conventionId: string): StoredRosterRow[];
  /** Adds or updates members in place by member id. */
  upsertRosterMembers(conventionId: string, members: readonly RosterMember[], at: string): void;
  /** How many user accounts are linked to a roster entry by email. */
  linkedUsers(conventionId: string): number;
  rosterSummary(conventionId: string): RosterSummaryRow;
}

const ask = asker<RosterOps>();
const askSignatures = asker<SignatureOps>();

/** What an import did (or, for a dry run, would do). */
export interface RosterImport {
  diff: RosterDiff;
  linked: number;
  /** The documents whose status moved (none for a dry run). */
  changedDocuments: string[];
}

/** Rolls a dry-run import back while carrying out what it would have done. */
class DryRun extends Error {
  constructor(readonly outcome: RosterImport) {
    super('dry run');
  }
}

function toMembers(rows: StoredRosterRow[]): RosterMember[] {
  return rows.map((row) => ({ ...row, goodStanding: row.goodStanding === 1, delegate: row.delegate === 1 }));
}

/**
 * Applies a validated roster: adds new member ids and updates changed ones in
 * place (members the file leaves out are kept: a partial file never drops
 * anyone). Run it in a transaction with whatever must change with it.
 */
function* applyRoster(conventionId: string, members: readonly RosterRow[]): Flow<RosterDiff> {
  const diff = diffRoster(toMembers(yield* ask('storedRoster', conventionId)), members);
  const changed = new Set(diff.changes.map((change) => change.memberId));
  yield* ask(
    'upsertRosterMembers',
    conventionId,
    members.filter((member) => changed.has(member.memberId)),
    nowIso(),
  );
  return diff;
}

/** The roster capability's storage. */
export class RosterStore {
  constructor(private readonly run: Runner) {}

  /** Imports validated members (see the module comment); a dry run changes nothing and reports what would change. */
  async import(members: readonly RosterRow[], dryRun: boolean): Promise<RosterImport> {
    try {
      return await this.run.write(
        (function* () {
          yield* askSignatures('lockCounting', (yield* currentConvention()).id);
          const convention = yield* currentConvention(); // as a rule change just before this import left it
          const diff = yield* applyRoster(convention.id, members);
          const linked = yield* ask('linkedUsers', convention.id);
          if (dryRun) throw new DryRun({ diff, linked, changedDocuments: [] });
          return { diff, linked, changedDocuments: yield* reconcileAll(convention) };
        })(),
      );
    } catch (error) {
      if (error instanceof DryRun) return error.outcome;
      throw error;
    }
  }

  /** The roster's size and make-up, and how many accounts it links. */
  summary(): Promise<RosterSummaryRow & { linkedUsers: number }> {
    return this.run.read(
      (function* () {
        const convention = yield* currentConvention();
        const summary = yield* ask('rosterSummary', convention.id);
        return { ...summary, linkedUsers: yield* ask('linkedUsers', convention.id) };
      })(),
    );
  }
}

/** Writes the members as they are (seeding an empty database). */
export function* insertRoster(conventionId: string, members: readonly RosterMember[], at: string): Flow<void> {
  yield* ask('upsertRosterMembers', conventionId, members, at);
}

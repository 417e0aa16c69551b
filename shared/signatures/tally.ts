import type { SignatureRule } from '../api';

/** One signature row as the tally sees it: who, from where, and what happened to it. */
export interface SignatureRecord {
  memberId: string;
  /** The signer's chapter (from the roster); signatures of people no longer on it count under "Unknown". */
  chapter: string | null;
  signedAt: string;
  withdrawnAt: string | null;
  struckAt: string | null;
  /** Whether the signer meets the kind's rule on the current roster. */
  eligible: boolean;
}

/** One step of the signatures-over-time line: the counted total right after `at`. */
export interface TallyPoint {
  at: string;
  count: number;
}

/** A text's signatures, counted. */
export interface Tally {
  /** Counted signatures: not withdrawn, not struck, signer eligible; one per member. */
  count: number;
  threshold: number;
  /** Whether the count has reached the threshold (false for kinds that collect no signatures). */
  qualified: boolean;
  /** Counted signatures per chapter, largest chapter first. */
  byChapter: Record<string, number>;
  /** People who withdrew their signature and have not signed again (however often they withdrew). */
  withdrawn: number;
  /** Signatures struck by staff. */
  struck: number;
  /** Live signatures whose signer no longer meets the rule (e.g. after a roster re-import). */
  ineligible: number;
  /** The counted total after every event, oldest first. */
  overTime: TallyPoint[];
}

/** The chapter name used when a signer has none on the roster. */
export const UNKNOWN_CHAPTER = 'Unknown';

/**
 * Counts signatures under a rule. A signature counts when it is neither
 * withdrawn nor struck and its signer is eligible; a member counts once however
 * many rows they have (a withdrawn row and a later one, or a duplicate that
 * slipped past the database). `rule` undefined or threshold 0: the kind collects
 * no signatures; the count is still reported, `qualified` is false.
 *
 * `overTime` replays the rows: +1 when an eligible member's signature starts
 * counting, -1 when it is withdrawn or struck, one point per instant, so the
 * last point always equals `count`.
 */
export function computeTally(rows: readonly SignatureRecord[], rule: SignatureRule | undefined): Tally {
  const counted = new Map<string, SignatureRecord>();
  const withdrew = new Set<string>();
  const live = new Set<string>();
  let struck = 0;
  let ineligible = 0;
  for (const row of rows) {
    if (row.withdrawnAt !== null) {
      withdrew.add(row.memberId);
      continue;
    }
    live.add(row.memberId);
    if (row.struckAt !== null) struck++;
    else if (!row.eligible) ineligible++;
    else if (!counted.has(row.memberId)) counted.set(row.memberId, row);
  }

  const chapters = new Map<string, number>();
  for (const row of counted.values()) {
    const chapter = row.chapter || UNKNOWN_CHAPTER;
    chapters.set(chapter, (chapters.get(chapter) ?? 0) + 1);
  }
  const byChapter: Record<string, number> = {};
  for (const [chapter, n] of [...chapters].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) byChapter[chapter] = n;

  const threshold = rule?.threshold ?? 0;
  return {
    count: counted.size,
    threshold,
    qualified: threshold > 0 && counted.size >= threshold,
    byChapter,
    withdrawn: [...withdrew].filter((member) => !live.has(member)).length,
    struck,
    ineligible,
    overTime: countOverTime(rows),
  };
}

/**
 * The counted total over time (see `computeTally`). Only eligible signers'
 * rows move the line; a member is counted at most once at any instant.
 */
export function countOverTime(rows: readonly SignatureRecord[]): TallyPoint[] {
  const events: { at: string; member: string; delta: 1 | -1 }[] = [];
  for (const row of rows) {
    if (!row.eligible) continue;
    events.push({ at: row.signedAt, member: row.memberId, delta: 1 });
    const end = earliest(row.withdrawnAt, row.struckAt);
    if (end !== null) events.push({ at: end, member: row.memberId, delta: -1 });
  }
  // At one instant, ends before starts: a withdraw-and-re-sign in the same millisecond never counts twice.
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.delta - b.delta));
  const live = new Map<string, number>();
  const points: TallyPoint[] = [];
  let count = 0;
  for (const event of events) {
    const before = live.get(event.member) ?? 0;
    const after = before + event.delta;
    live.set(event.member, after);
    if (before === 0 && after > 0) count++;
    else if (before > 0 && after === 0) count--;
    else continue;
    const last = points[points.length - 1];
    if (last && last.at === event.at) last.count = count;
    else points.push({ at: event.at, count });
  }
  return points;
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/**
 * The status a text should have for its tally: `qualified` once the threshold
 * is met, back to `submitted` when it no longer is. Only texts that are
 * submitted or qualified move; every other status (draft, adopted, failed,
 * withdrawn, final) is left as it is, and so are kinds that collect no signatures.
 */
export function statusForTally<S extends string>(status: S, tally: Pick<Tally, 'qualified' | 'threshold'>): S | 'submitted' | 'qualified' {
  if (status !== 'submitted' && status !== 'qualified') return status;
  if (tally.threshold <= 0) return status;
  return tally.qualified ? 'qualified' : 'submitted';
}

/**
 * Rules the mutation run (npm run test:mutation) found no test held: the
 * boundaries of eligibility and thresholds, and how the tally over time moves
 * when one member has more than one signature row.
 */
import { describe, expect, it } from 'vitest';
import { isEligible, type RosterMember } from './eligibility';
import { MAX_THRESHOLD, validateRulesChange } from './rules';
import { computeTally, countOverTime, type SignatureRecord } from './tally';

const member = (overrides: Partial<RosterMember> = {}): RosterMember => ({ memberId: 'M1', name: 'Ana Silva', email: 'ana@example.org', chapter: 'Chicago', goodStanding: true, delegate: false, ...overrides });
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 12, minute)).toISOString();
const row = (memberId: string, minute: number, extra: Partial<SignatureRecord> = {}): SignatureRecord => ({ memberId, chapter: 'Chicago', signedAt: at(minute), withdrawnAt: null, struckAt: null, eligible: true, ...extra });

describe('eligibility at its edges', () => {
  it('says no for everyone ineligible, not only yes for the eligible', () => {
    expect(isEligible(member(), { signers: 'delegates', threshold: 20 })).toBe(false);
    expect(isEligible(member({ goodStanding: false }), { signers: 'members', threshold: 100 })).toBe(false);
    expect(isEligible(null, { signers: 'members', threshold: 100 })).toBe(false);
  });
});

describe('thresholds at their edges', () => {
  const threshold = (n: number) => validateRulesChange({ rules: { amendment: { signers: 'delegates', threshold: n } } }, 'America/Chicago').ok;
  it('takes 0 (collects none) and the largest allowed, and refuses one past it or below 0', () => {
    expect(threshold(0)).toBe(true);
    expect(threshold(MAX_THRESHOLD)).toBe(true);
    expect(threshold(MAX_THRESHOLD + 1)).toBe(false);
    expect(threshold(-1)).toBe(false);
    expect(threshold(1.5)).toBe(false);
  });
});

describe('a member with more than one signature row', () => {
  it('counts them once, in the chapter of their first live row', () => {
    const tally = computeTally([row('a', 1), row('a', 2, { chapter: 'Boston' }), row('b', 3)], { signers: 'members', threshold: 2 });
    expect(tally).toMatchObject({ count: 2, qualified: true, byChapter: { Chicago: 2 } });
  });

  it('keeps them on the line over time until their last row ends, then takes them off once', () => {
    const points = countOverTime([row('a', 1, { withdrawnAt: at(5) }), row('a', 3, { struckAt: at(7) }), row('b', 2)]);
    expect(points).toEqual([
      { at: at(1), count: 1 },
      { at: at(2), count: 2 },
      { at: at(7), count: 1 },
    ]);
  });

  it('ends a row at whichever of withdrawal and strike came first', () => {
    expect(countOverTime([row('a', 1, { withdrawnAt: at(9), struckAt: at(4) })])).toEqual([
      { at: at(1), count: 1 },
      { at: at(4), count: 0 },
    ]);
    expect(countOverTime([row('a', 1, { withdrawnAt: at(3), struckAt: at(8) })]).at(-1)).toEqual({ at: at(3), count: 0 });
  });

  it('never counts a withdraw and re-sign in the same instant twice', () => {
    // The end is taken first, so the line shows the instant (count still 1), never a 2.
    expect(countOverTime([row('a', 1, { withdrawnAt: at(4) }), row('a', 4)])).toEqual([
      { at: at(1), count: 1 },
      { at: at(4), count: 1 },
    ]);
  });

  it('lists chapters by count, then by name', () => {
    const tally = computeTally([row('a', 1, { chapter: 'Denver' }), row('b', 2, { chapter: 'Austin' }), row('c', 3, { chapter: 'Denver' }), row('d', 4, { chapter: 'Chicago' })], { signers: 'members', threshold: 9 });
    expect(Object.keys(tally.byChapter)).toEqual(['Denver', 'Austin', 'Chicago']);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeTally, countOverTime, statusForTally, type SignatureRecord } from './tally';

const rule = { signers: 'delegates', threshold: 3 } as const;
let clock = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 12, minute)).toISOString();
/** A live signature by `memberId` from `chapter`, signed at minute `m`. */
function signed(memberId: string, chapter: string, m = ++clock, extra: Partial<SignatureRecord> = {}): SignatureRecord {
  return { memberId, chapter, signedAt: at(m), withdrawnAt: null, struckAt: null, eligible: true, ...extra };
}

describe('counting signatures', () => {
  it('counts live signatures, per chapter, largest first', () => {
    const tally = computeTally([signed('a', 'Chicago'), signed('b', 'Boston'), signed('c', 'Chicago')], rule);
    expect(tally).toMatchObject({ count: 3, threshold: 3, qualified: true, withdrawn: 0, struck: 0, ineligible: 0 });
    expect(Object.entries(tally.byChapter)).toEqual([['Chicago', 2], ['Boston', 1]]);
  });

  it('does not count withdrawn, struck or ineligible signatures', () => {
    const tally = computeTally(
      [
        signed('a', 'Chicago', 1, { withdrawnAt: at(5) }),
        signed('b', 'Chicago', 2, { struckAt: at(6) }),
        signed('c', 'Chicago', 3, { eligible: false }),
        signed('d', 'Boston', 4),
      ],
      rule,
    );
    expect(tally).toMatchObject({ count: 1, qualified: false, withdrawn: 1, struck: 1, ineligible: 1, byChapter: { Boston: 1 } });
  });

  it('counts a member once, also with two live rows', () => {
    expect(computeTally([signed('a', 'X', 1), signed('a', 'X', 2)], rule).count).toBe(1);
  });

  it('counts a withdrawn and re-signed member once, and not as withdrawn', () => {
    const tally = computeTally([signed('a', 'X', 1, { withdrawnAt: at(2) }), signed('a', 'X', 3)], rule);
    expect(tally).toMatchObject({ count: 1, withdrawn: 0 });
    expect(tally.overTime.map((p) => p.count)).toEqual([1, 0, 1]);
  });

  it('counts people who withdrew, not withdrawals', () => {
    const tally = computeTally(
      [
        signed('a', 'X', 1, { withdrawnAt: at(2) }),
        signed('a', 'X', 3, { withdrawnAt: at(4) }),
        signed('b', 'X', 5, { withdrawnAt: at(6) }),
        signed('c', 'X', 7, { withdrawnAt: at(8) }),
        signed('c', 'X', 9, { struckAt: at(10) }),
      ],
      rule,
    );
    expect(tally).toMatchObject({ count: 0, withdrawn: 2, struck: 1 });
  });

  it('puts signers without a chapter under Unknown', () => {
    expect(computeTally([signed('a', '')], rule).byChapter).toEqual({ Unknown: 1 });
  });

  it('never qualifies a kind that collects no signatures', () => {
    expect(computeTally([signed('a', 'X')], { signers: 'delegates', threshold: 0 }).qualified).toBe(false);
    expect(computeTally([signed('a', 'X')], undefined)).toMatchObject({ count: 1, threshold: 0, qualified: false });
  });
});

describe('signatures over time', () => {
  it('steps up at each signature and down at each withdrawal or strike, ending at the count', () => {
    const rows = [signed('a', 'X', 1), signed('b', 'X', 2, { withdrawnAt: at(4) }), signed('c', 'X', 3, { struckAt: at(5) })];
    expect(countOverTime(rows)).toEqual([
      { at: at(1), count: 1 },
      { at: at(2), count: 2 },
      { at: at(3), count: 3 },
      { at: at(4), count: 2 },
      { at: at(5), count: 1 },
    ]);
    expect(computeTally(rows, rule).count).toBe(1);
  });

  it('merges events at one instant into one point', () => {
    expect(countOverTime([signed('a', 'X', 1), signed('b', 'X', 1)])).toEqual([{ at: at(1), count: 2 }]);
  });

  it('leaves ineligible signers out of the line', () => {
    expect(countOverTime([signed('a', 'X', 1, { eligible: false })])).toEqual([]);
  });

  it('counts a member once while two of their rows overlap (a paper form dated before an online signature they withdrew)', () => {
    const rows = [signed('a', 'X', 2, { withdrawnAt: at(5) }), signed('a', 'X', 1), signed('b', 'X', 3)];
    expect(countOverTime(rows)).toEqual([
      { at: at(1), count: 1 },
      { at: at(3), count: 2 },
    ]);
  });

  it('never counts a row signed and ended at one instant', () => {
    const rows = [signed('b', 'X', 1), signed('a', 'X', 3, { withdrawnAt: at(3) }), signed('c', 'X', 4, { struckAt: at(4) })];
    expect(countOverTime(rows)).toEqual([{ at: at(1), count: 1 }]);
  });
});

describe('status follows the tally', () => {
  it('moves a submitted text to qualified at the threshold, and back', () => {
    expect(statusForTally('submitted', { qualified: true, threshold: 3 })).toBe('qualified');
    expect(statusForTally('qualified', { qualified: false, threshold: 3 })).toBe('submitted');
  });
  it('leaves every other status alone', () => {
    for (const status of ['draft', 'adopted', 'failed', 'withdrawn', 'final']) {
      expect(statusForTally(status, { qualified: true, threshold: 3 })).toBe(status);
    }
  });
  it('leaves kinds that collect no signatures alone', () => {
    expect(statusForTally('submitted', { qualified: false, threshold: 0 })).toBe('submitted');
    // A kind that qualified texts and then stopped collecting (threshold set to 0) does not unqualify them.
    expect(statusForTally('qualified', { qualified: false, threshold: 0 })).toBe('qualified');
  });
});

describe('the order signature rows come in', () => {
  it('changes nothing: the chapters, the count and the line over time are the same in any order (property)', () => {
    // One member withdraws and signs again in the same minute, another is struck, a third is not eligible.
    const rows: SignatureRecord[] = [
      signed('a', 'Austin', 1, { withdrawnAt: at(4) }),
      signed('a', 'Austin', 4),
      signed('b', 'Denver', 2, { struckAt: at(6) }),
      signed('c', 'Denver', 3),
      signed('d', 'Chicago', 5),
      signed('e', 'Denver', 7),
      signed('f', 'Boston', 8, { eligible: false }),
    ];
    const expected = computeTally(rows, rule);
    expect(expected.overTime).toEqual([
      { at: at(1), count: 1 },
      { at: at(2), count: 2 },
      { at: at(3), count: 3 },
      { at: at(4), count: 3 },
      { at: at(5), count: 4 },
      { at: at(6), count: 3 },
      { at: at(7), count: 4 },
    ]);
    expect(Object.entries(expected.byChapter)).toEqual([['Denver', 2], ['Austin', 1], ['Chicago', 1]]);
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        const tally = computeTally(shuffled, rule);
        expect(tally.overTime).toEqual(expected.overTime);
        expect(Object.entries(tally.byChapter)).toEqual(Object.entries(expected.byChapter));
        expect(tally.count).toBe(expected.count);
      }),
    );
  });

  it('lists chapters by count, then by name, not in the order their first signer came', () => {
    const tally = computeTally([signed('a', 'Chicago'), signed('b', 'Austin'), signed('c', 'Zion'), signed('d', 'Zion')], { signers: 'members', threshold: 9 });
    expect(Object.keys(tally.byChapter)).toEqual(['Zion', 'Austin', 'Chicago']);
  });
});

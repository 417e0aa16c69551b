import { diffArrays } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignPairs } from './align';

/** The pairs `diffArrays` reports as common between the ranges, flat, as the block alignment read them before `alignPairs`. */
function packagePairs(b0: number, b1: number, a0: number, a1: number, matches: (b: number, a: number) => boolean): number[] {
  const out: number[] = [];
  if (b0 === b1 || a0 === a1) return out;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  let b = b0;
  let a = a0;
  for (const change of diffArrays(range(b0, b1), range(a0, a1), { comparator: matches })) {
    if (change.removed) b += change.count;
    else if (change.added) a += change.count;
    else for (let k = 0; k < change.count; k++) out.push(b++, a++);
  }
  return out;
}

function ours(b0: number, b1: number, a0: number, a1: number, matches: (b: number, a: number) => boolean): number[] {
  const out: number[] = [];
  alignPairs(b0, b1, a0, a1, matches, out);
  return out;
}

describe('alignPairs', () => {
  it('pairs what the diff package pairs, tie for tie, on random sequences over small alphabets', () => {
    // Small alphabets make many equal tokens, so ties between an insertion and a deletion are everywhere.
    const sequence = (alphabet: number) => fc.array(fc.integer({ min: 0, max: alphabet }), { maxLength: 40 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), sequence(3), sequence(3), fc.integer({ min: 0, max: 7 }), (alphabet, base, amended, start) => {
        const matches = (b: number, a: number) => base[b - start] % (alphabet + 1) === amended[a - 2 * start] % (alphabet + 1);
        const args = [start, start + base.length, 2 * start, 2 * start + amended.length] as const;
        expect(ours(...args, matches)).toEqual(packagePairs(...args, matches));
      }),
      { numRuns: 3000 },
    );
  });

  it('pairs what the diff package pairs under a relation that is not an equivalence (versions of one another)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), (base, amended) => {
        const matches = (b: number, a: number) => Math.abs(base[b] - amended[a]) <= 2;
        expect(ours(0, base.length, 0, amended.length, matches)).toEqual(packagePairs(0, base.length, 0, amended.length, matches));
      }),
      { numRuns: 2000 },
    );
  });

  it('pairs every block of two identical texts, and none of two texts with nothing in common', () => {
    expect(ours(0, 3, 10, 13, (b, a) => b === a - 10)).toEqual([0, 10, 1, 11, 2, 12]);
    expect(ours(0, 3, 0, 2, () => false)).toEqual([]);
    expect(ours(0, 0, 0, 5, () => true)).toEqual([]);
  });
});

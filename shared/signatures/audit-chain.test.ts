import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChainWalk, checkAnchor, canonicalEntry, chainEntry, formatAnchor, GENESIS_HASH, parseAnchor, replaySignatures, verifyChain, type AuditEntry, type AuditFacts } from './audit-chain';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function facts(event: AuditFacts['event'], memberId: string, documentId = 'doc1'): AuditFacts {
  return { at: '2026-05-01T12:00:00.000Z', event, conventionId: 'conv', documentId, memberId, actorId: 'usr1', reason: event === 'strike' ? 'duplicate' : null };
}

/** Chains facts in order. */
function chain(...all: AuditFacts[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const f of all) entries.push(chainEntry(entries[entries.length - 1] ?? null, f, sha256));
  return entries;
}

describe('the audit chain', () => {
  it('starts at the genesis hash and links each entry to the one before', () => {
    const [first, second] = chain(facts('sign', 'M1'), facts('sign', 'M2'));
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serialises canonically: sorted keys, no whitespace, hash excluded', () => {
    const [entry] = chain(facts('sign', 'M1'));
    const text = canonicalEntry(entry);
    expect(text).not.toContain('hash":"' + entry.hash);
    expect(Object.keys(JSON.parse(text))).toEqual([...Object.keys(JSON.parse(text))].sort());
    expect(text).not.toMatch(/\s/);
    expect(sha256(text)).toBe(entry.hash);
  });

  it('verifies an intact chain and reports its head', () => {
    const entries = chain(facts('sign', 'M1'), facts('withdraw', 'M1'), facts('paper', 'M2'), facts('strike', 'M2'));
    expect(verifyChain(entries, sha256)).toEqual({ ok: true, entries: 4, headHash: entries[3].hash, firstBroken: null });
    expect(verifyChain([], sha256)).toEqual({ ok: true, entries: 0, headHash: GENESIS_HASH, firstBroken: null });
  });

  it('finds a changed entry', () => {
    const entries = chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('sign', 'M3'));
    entries[1] = { ...entries[1], memberId: 'M9' };
    expect(verifyChain(entries, sha256).firstBroken).toMatchObject({ seq: 2, reason: 'hash' });
  });

  it('finds a changed entry whose hash was recomputed, at the next link', () => {
    const entries = chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('sign', 'M3'));
    const forged = { ...entries[1], memberId: 'M9' };
    entries[1] = { ...forged, hash: sha256(canonicalEntry(forged)) };
    expect(verifyChain(entries, sha256).firstBroken).toMatchObject({ seq: 3, reason: 'prev-hash' });
  });

  it('finds a removed entry', () => {
    const entries = chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('sign', 'M3'));
    const result = verifyChain([entries[0], entries[2]], sha256);
    expect(result).toMatchObject({ ok: false, entries: 1, headHash: entries[0].hash, firstBroken: { seq: 3, reason: 'gap' } });
  });

  it('detects any single-field change anywhere (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.constantFrom('memberId', 'documentId', 'at', 'event', 'reason', 'actorId'), (index, field) => {
        const entries = chain(...Array.from({ length: 10 }, (_, i) => facts(i % 2 ? 'withdraw' : 'sign', `M${i}`)));
        const changed = { ...entries[index], [field]: 'tampered' } as AuditEntry;
        entries[index] = changed;
        const result = verifyChain(entries, sha256);
        return !result.ok && result.firstBroken!.seq === index + 1;
      }),
    );
  });
});

describe('replaying the log', () => {
  it('yields the live and struck signatures', () => {
    const state = replaySignatures(chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('withdraw', 'M1'), facts('paper', 'M3'), facts('strike', 'M3'), facts('sign', 'M1', 'doc2')));
    expect([...state.get('doc1')!]).toEqual([['M2', 'signed'], ['M3', 'struck']]);
    expect([...state.get('doc2')!]).toEqual([['M1', 'signed']]);
  });

  it('counts a paper signature as signed', () => {
    expect([...replaySignatures(chain(facts('paper', 'M1'))).get('doc1')!]).toEqual([['M1', 'signed']]);
  });

  it('counts a restored signature as signed again', () => {
    const state = replaySignatures(chain(facts('sign', 'M1'), facts('paper', 'M2'), facts('strike', 'M1'), facts('strike', 'M2'), facts('restore', 'M2')));
    expect([...state.get('doc1')!]).toEqual([['M1', 'struck'], ['M2', 'signed']]);
  });
});

describe('what a broken chain says', () => {
  it('starts from 64 zeros, as any other implementation checking the log expects', () => {
    expect(chain(facts('sign', 'M1'))[0]!.prevHash).toBe('0'.repeat(64));
  });

  it('names the entry and what is wrong with it, in words', () => {
    const entries = chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('sign', 'M3'));
    expect(verifyChain([entries[0]!, entries[2]!], sha256).firstBroken!.message).toBe('Entry 2 is missing: the log jumps to entry 3.');
    expect(verifyChain([entries[0]!, { ...entries[1]!, prevHash: 'f'.repeat(64) }], sha256).firstBroken!.message).toBe(
      'Entry 2 does not point to the entry before it: an entry was changed, removed or inserted.',
    );
    expect(verifyChain([entries[0]!, { ...entries[1]!, memberId: 'M9' }], sha256).firstBroken!.message).toBe(
      'Entry 2 was changed after it was written: its contents no longer match its hash.',
    );
  });
});

describe('anchors', () => {
  const hash = 'a'.repeat(64);
  it('are written and read as entry:hash, forgiving spaces and upper-case hex', () => {
    expect(formatAnchor({ seq: 12, hash })).toBe(`12:${hash}`);
    expect(parseAnchor(` 12:${hash.toUpperCase()} `)).toEqual({ seq: 12, hash });
    expect(parseAnchor(`${'9'.repeat(15)}:${hash}`)).toEqual({ seq: 999_999_999_999_999, hash });
  });

  it('are refused when they are not one', () => {
    for (const bad of ['12', `0:${hash}`, `012:${hash}`, `${'9'.repeat(16)}:${hash}`, `12:${hash.slice(1)}`, `12:${'g'.repeat(64)}`, `12:${hash}x`, `x12:${hash}`, '']) {
      expect(parseAnchor(bad), bad).toBeNull();
    }
  });

  it('say whether the log still holds the entry with the hash recorded for it', () => {
    expect(checkAnchor({ seq: 3, hash }, hash)).toEqual({ seq: 3, hash, ok: true, message: 'Entry 3 still has the hash recorded for it.' });
    expect(checkAnchor({ seq: 3, hash }, 'b'.repeat(64))).toEqual({ seq: 3, hash, ok: false, message: 'Entry 3 no longer has the hash recorded for it: the log up to that entry was rewritten.' });
    expect(checkAnchor({ seq: 3, hash }, undefined)).toEqual({ seq: 3, hash, ok: false, message: 'Entry 3, recorded earlier, is no longer in the log: entries were removed.' });
  });
});

describe('walking the chain an entry at a time', () => {
  it('reports the first broken link, however many entries follow it, and refuses every later one', () => {
    const entries = chain(facts('sign', 'M1'), facts('sign', 'M2'), facts('withdraw', 'M1'), facts('sign', 'M3'));
    const tampered = entries.map((entry) => (entry.seq === 2 ? { ...entry, memberId: 'M9' } : entry));
    const walk = new ChainWalk(sha256);
    expect(tampered.map((entry) => walk.add(entry))).toEqual([true, false, false, false]);
    expect(walk.result()).toMatchObject({ ok: false, entries: 1, headHash: entries[0]!.hash, firstBroken: { seq: 2 } });
  });
});

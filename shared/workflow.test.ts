import { describe, expect, it } from 'vitest';
import { canTransition, nextCode, nextStatuses } from './workflow';

describe('codes', () => {
  it('numbers resolutions and consensus texts in their own series', () => {
    expect(nextCode('resolution', null, [])).toBe('R01');
    expect(nextCode('resolution', null, ['R01', 'R02', 'CR01'])).toBe('R03');
    expect(nextCode('consensus', null, ['R01', 'R02', 'CR01'])).toBe('CR02');
  });

  it('numbers amendments after their base, secondary amendments with S', () => {
    const cr02 = { code: 'CR02', kind: 'consensus' as const };
    expect(nextCode('amendment', cr02, ['CR02', 'CR02-A01', 'CR01-A05'])).toBe('CR02-A02');
    expect(nextCode('amendment', { code: 'R10', kind: 'resolution' }, ['R10-A01', 'R10-A02'])).toBe('R10-A03');
    expect(nextCode('amendment', { code: 'CR02-A01', kind: 'amendment' }, ['CR02-A01'])).toBe('CR02-A01-S01');
  });

  it('never reuses a number, even one past a gap', () => {
    expect(nextCode('resolution', null, ['R01', 'R07'])).toBe('R08');
    expect(nextCode('resolution', null, ['R99'])).toBe('R100');
  });

  it('refuses an amendment whose base has no code', () => {
    expect(() => nextCode('amendment', { code: null, kind: 'resolution' }, [])).toThrow(RangeError);
  });
});

describe('workflow', () => {
  it('lets a caucus submit its draft and withdraw it, and only staff record outcomes', () => {
    expect(canTransition('draft', 'submitted', 'caucus')).toBe(true);
    expect(canTransition('submitted', 'withdrawn', 'caucus')).toBe(true);
    expect(canTransition('qualified', 'adopted', 'caucus')).toBe(false);
    expect(canTransition('qualified', 'adopted', 'staff')).toBe(true);
    expect(canTransition('draft', 'adopted', 'staff')).toBe(false);
  });

  it('moves between submitted and qualified as the tally crosses the threshold', () => {
    expect(nextStatuses('submitted', 'system')).toEqual(['qualified']);
    expect(nextStatuses('qualified', 'system')).toEqual(['submitted']);
  });
});

import { describe, expect, it } from 'vitest';
import { validateRulesChange } from './rules';

describe('changing the signature rules', () => {
  it('reads the deadline as wall-clock time in the convention time zone', () => {
    expect(validateRulesChange({ signatureDeadline: '2026-01-15T23:59' }, 'America/Chicago')).toEqual({
      ok: true,
      change: { signatureDeadline: '2026-01-16T05:59:00.000Z' },
    });
  });

  it('uses the new time zone when it changes too, and a bare roster date as its midnight', () => {
    const result = validateRulesChange({ timezone: 'Europe/Berlin', signatureDeadline: '2026-01-15T12:00', rosterDate: '2026-01-01' }, 'America/Chicago');
    expect(result).toEqual({
      ok: true,
      change: { timezone: 'Europe/Berlin', signatureDeadline: '2026-01-15T11:00:00.000Z', rosterDate: '2025-12-31T23:00:00.000Z' },
    });
  });

  it('keeps rules per kind and clears a deadline with null', () => {
    const result = validateRulesChange({ rules: { amendment: { signers: 'delegates', threshold: 30 } }, signatureDeadline: null }, 'UTC');
    expect(result).toEqual({ ok: true, change: { rules: { amendment: { signers: 'delegates', threshold: 30 } }, signatureDeadline: null } });
  });

  it('refuses unknown kinds, impossible thresholds, made-up zones and unreadable times', () => {
    expect(validateRulesChange({ rules: { motion: { signers: 'members', threshold: 5 } } }, 'UTC').ok).toBe(false);
    expect(validateRulesChange({ rules: { resolution: { signers: 'members', threshold: -1 } } }, 'UTC').ok).toBe(false);
    expect(validateRulesChange({ rules: { resolution: { signers: 'members', threshold: 2.5 } } }, 'UTC').ok).toBe(false);
    expect(validateRulesChange({ timezone: 'Mars/Olympus' }, 'UTC').ok).toBe(false);
    expect(validateRulesChange({ signatureDeadline: 'soon' }, 'UTC').ok).toBe(false);
    expect(validateRulesChange({ rosterDate: '2026-13-01' }, 'UTC').ok).toBe(false);
  });
});

describe('changing the rules at their edges', () => {
  const refusal = (request: Parameters<typeof validateRulesChange>[0]) => {
    const result = validateRulesChange(request, 'America/Chicago');
    return result.ok ? null : result.message;
  };

  it('takes rules for every kind of text', () => {
    const rules = { consensus: { signers: 'members', threshold: 0 }, resolution: { signers: 'members', threshold: 100 }, amendment: { signers: 'delegates', threshold: 20 } } as const;
    expect(validateRulesChange({ rules }, 'America/Chicago')).toEqual({ ok: true, change: { rules } });
  });

  it('says what is wrong, naming the zone, the kind or the deadline', () => {
    expect(refusal({ timezone: 'Mars/Olympus' })).toBe('"Mars/Olympus" is not a time zone (use an IANA name such as America/Chicago).');
    expect(refusal({ rules: { motion: { signers: 'members', threshold: 1 } } })).toBe('"motion" is not a document kind (consensus, resolution, amendment).');
    expect(refusal({ rules: { resolution: { signers: 'members', threshold: -1 } } })).toBe('The resolution threshold must be a whole number from 0 to 1000000.');
    expect(refusal({ submissionDeadline: 'soon' })).toBe('The submission deadline must be a date and time, e.g. 2026-06-01T23:59.');
    expect(refusal({ signatureDeadline: 'later' })).toBe('The signature deadline must be a date and time, e.g. 2026-06-01T23:59.');
    expect(refusal({ rosterDate: 'May' })).toBe('The roster date must be a date, e.g. 2026-05-01.');
  });

  it('clears a roster date, and takes one as a date with spaces around it or as a date and time', () => {
    expect(validateRulesChange({ rosterDate: null }, 'America/Chicago')).toEqual({ ok: true, change: { rosterDate: null } });
    expect(validateRulesChange({ rosterDate: ' 2026-05-01 ' }, 'America/Chicago')).toEqual({ ok: true, change: { rosterDate: '2026-05-01T05:00:00.000Z' } });
    expect(validateRulesChange({ rosterDate: '2026-05-01T10:00' }, 'America/Chicago')).toEqual({ ok: true, change: { rosterDate: '2026-05-01T15:00:00.000Z' } });
  });
});

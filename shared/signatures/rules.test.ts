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

import { describe, expect, it } from 'vitest';
import { instantToZonedTime, isTimeZone, zonedTimeToInstant } from './zoned-time';

describe('deadlines in the convention time zone', () => {
  it('reads a wall-clock time in Chicago in winter (UTC-6) and summer (UTC-5)', () => {
    expect(zonedTimeToInstant('2026-01-15T23:59', 'America/Chicago')).toBe('2026-01-16T05:59:00.000Z');
    expect(zonedTimeToInstant('2026-07-15T23:59:59', 'America/Chicago')).toBe('2026-07-16T04:59:59.000Z');
  });

  it('moves a time skipped by spring-forward one hour later', () => {
    expect(zonedTimeToInstant('2026-03-08T02:30', 'America/Chicago')).toBe('2026-03-08T08:30:00.000Z');
  });

  it('takes the earlier of a repeated autumn hour', () => {
    expect(zonedTimeToInstant('2026-11-01T01:30', 'America/Chicago')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('keeps an instant that carries an offset', () => {
    expect(zonedTimeToInstant('2026-05-01T12:00:00Z', 'America/Chicago')).toBe('2026-05-01T12:00:00.000Z');
    expect(zonedTimeToInstant('2026-05-01T12:00:00+02:00', 'America/Chicago')).toBe('2026-05-01T10:00:00.000Z');
  });

  it('refuses what is not a date and time', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-01-01T24:00', '2026-01-01']) {
      expect(zonedTimeToInstant(bad, 'America/Chicago'), bad).toBeNull();
    }
  });

  it('shows an instant as wall-clock time, round-tripping', () => {
    expect(instantToZonedTime('2026-01-16T05:59:00.000Z', 'America/Chicago')).toBe('2026-01-15T23:59');
    expect(instantToZonedTime('2026-07-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01T02:00');
  });

  it('knows real zones from made-up ones', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

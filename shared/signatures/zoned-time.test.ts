import { describe, expect, it } from 'vitest';
import { formatInZone, instantToZonedTime, isTimeZone, zoneOffsetMs, zonedTimeToInstant } from './zoned-time';

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

describe('deadlines at their edges', () => {
  const chicago = (text: string) => zonedTimeToInstant(text, 'America/Chicago');

  it('reads the hours just after the clocks change by the new offset', () => {
    expect(chicago('2026-03-08T03:30')).toBe('2026-03-08T08:30:00.000Z');
    expect(chicago('2026-03-08T01:59')).toBe('2026-03-08T07:59:00.000Z');
    expect(chicago('2026-11-01T02:30')).toBe('2026-11-01T08:30:00.000Z');
    expect(chicago('2026-11-01T00:30')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('takes seconds and milliseconds, and surrounding spaces', () => {
    expect(chicago(' 2026-01-15T23:59 ')).toBe('2026-01-16T05:59:00.000Z');
    expect(chicago('2026-01-15T23:59:59.5')).toBe('2026-01-16T05:59:59.500Z');
    expect(chicago('2026-01-15T23:59:59.12')).toBe('2026-01-16T05:59:59.120Z');
    expect(chicago('2026-01-15T23:59:59.123')).toBe('2026-01-16T05:59:59.123Z');
  });

  it('takes an instant with or without seconds, with a fraction of up to nine digits', () => {
    expect(chicago('2026-05-01T12:00Z')).toBe('2026-05-01T12:00:00.000Z');
    expect(chicago('2026-05-01T12:00:30.123456789Z')).toBe('2026-05-01T12:00:30.123Z');
    expect(chicago('2026-05-01T12:00:30.1-05:00')).toBe('2026-05-01T17:00:30.100Z');
  });

  it('refuses anything around or inside a time, and minutes or seconds past 59', () => {
    for (const bad of ['x2026-01-15T23:59', '2026-01-15T23:59x', '2026-01-15T23:59:59.1234', '2026-01-01T10:60', '2026-01-01T10:00:60', 'x2026-05-01T12:00Z', '2026-05-01T12:00Z!']) {
      expect(chicago(bad), bad).toBeNull();
    }
  });

  it("gives a zone's offset in whole minutes whatever the milliseconds, before 1970 too", () => {
    const HOUR = 60 * 60 * 1000;
    expect(zoneOffsetMs(Date.parse('2026-01-15T12:00:00.750Z'), 'America/Chicago')).toBe(-6 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-07-15T12:00:00.001Z'), 'America/Chicago')).toBe(-5 * HOUR);
    expect(zoneOffsetMs(Date.parse('1969-12-31T23:59:59.250Z'), 'UTC')).toBe(0);
    expect(zoneOffsetMs(Date.parse('1969-07-01T12:00:00.900Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
  });

  it('refuses to show what is not an instant', () => {
    expect(() => instantToZonedTime('soon', 'America/Chicago')).toThrow(new RangeError('not an instant: soon'));
  });

  it('writes an instant as people read it there, the zone named', () => {
    expect(formatInZone('2026-01-16T05:59:00.000Z', 'America/Chicago', 'en-US')).toMatch(/^Jan 15, 2026, 11:59\sPM CST$/);
    expect(formatInZone('2026-07-16T04:59:00.000Z', 'America/Chicago', 'en-US')).toMatch(/^Jul 15, 2026, 11:59\sPM CDT$/);
    expect(formatInZone('2026-07-16T04:59:00.000Z', 'Mars/Olympus', 'en-US')).toBe(new Date('2026-07-16T04:59:00.000Z').toLocaleString());
  });
});

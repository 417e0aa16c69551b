/**
 * Deadlines are set and shown in the convention's time zone ("midnight in
 * Chicago"), and stored as UTC instants. These convert between the two with
 * the platform's time-zone data (Intl), no library needed.
 */

/** A wall-clock time without an offset: `2026-06-01T23:59` or with seconds. */
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** An instant with an offset or `Z`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `timeZone` is an IANA zone this platform knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** The zone's offset from UTC at an instant, in milliseconds (Chicago in winter: -6 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The UTC instant (ISO 8601, `Z`) of a wall-clock time in `timeZone`. An
 * input that already carries an offset or `Z` is taken as that instant. A
 * wall time skipped by a daylight-saving jump (02:30 on a spring-forward night)
 * resolves to the instant one hour later, as clocks read it; a repeated one
 * (autumn) resolves to the earlier instant. Returns null for anything that is
 * not a valid date and time.
 */
export function zonedTimeToInstant(input: string, timeZone: string): string | null {
  const text = input.trim();
  if (INSTANT.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  const match = LOCAL_TIME.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second = 0, millis = 0] = match.slice(1).map((part, index) =>
    part === undefined ? undefined : index === 6 ? Number(part.padEnd(3, '0')) : Number(part),
  ) as number[];
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(naive);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  // The offsets in force a day either side cover both sides of any daylight-saving change.
  const candidates = [naive - zoneOffsetMs(naive - DAY_MS, timeZone), naive - zoneOffsetMs(naive + DAY_MS, timeZone)];
  const exact = candidates.filter((ms) => ms + zoneOffsetMs(ms, timeZone) === naive);
  const ms = exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
  return new Date(ms).toISOString();
}

/** The wall-clock time of an instant in `timeZone`, as `YYYY-MM-DDTHH:mm` (for a datetime-local input). */
export function instantToZonedTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  const wall = wallClock(ms, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * An instant as people read it in `timeZone`, the zone named: "Nov 20, 2026,
 * 12:00 PM CST". In the reader's locale unless one is given (the server's
 * messages are English, so it passes `en-US`).
 */
export function formatInZone(iso: string, timeZone: string, locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString();
  }
}

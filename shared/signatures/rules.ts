import type { SignatureRule } from '../api';
import { isTimeZone, zonedTimeToInstant } from './zoned-time';

/** The document kinds a rule can be set for. */
export const DOCUMENT_KINDS_WITH_RULES: readonly string[] = ['consensus', 'resolution', 'amendment'];

/** The largest threshold accepted: more signatures than any organisation has members is a typo. */
export const MAX_THRESHOLD = 1_000_000;

/** What staff asked to change, as sent (times as typed: instants or wall-clock times). */
export interface RulesRequest {
  rules?: Record<string, SignatureRule>;
  submissionDeadline?: string | null;
  signatureDeadline?: string | null;
  rosterDate?: string | null;
  timezone?: string;
}

/** The change, validated: times resolved to UTC instants. Absent fields stay as they are. */
export interface RulesChange {
  rules?: Record<string, SignatureRule>;
  submissionDeadline?: string | null;
  signatureDeadline?: string | null;
  rosterDate?: string | null;
  timezone?: string;
}

/**
 * Validates a change to the signature rules. Rules name known kinds with a
 * whole threshold from 0 (the kind collects no signatures) to `MAX_THRESHOLD`;
 * the time zone must be a real IANA zone; each deadline (submissions,
 * signatures) is an instant, or a wall-clock time in the convention's time
 * zone (the new one, when that changes too); the roster date may also be a
 * bare date (its midnight there).
 */
export function validateRulesChange(request: RulesRequest, currentTimeZone: string): { ok: true; change: RulesChange } | { ok: false; message: string } {
  const change: RulesChange = {};
  if (request.timezone !== undefined) {
    if (!isTimeZone(request.timezone)) return { ok: false, message: `"${request.timezone}" is not a time zone (use an IANA name such as America/Chicago).` };
    change.timezone = request.timezone;
  }
  const timeZone = change.timezone ?? currentTimeZone;
  if (request.rules !== undefined) {
    for (const [kind, rule] of Object.entries(request.rules)) {
      if (!DOCUMENT_KINDS_WITH_RULES.includes(kind)) return { ok: false, message: `"${kind}" is not a document kind (consensus, resolution, amendment).` };
      if (!Number.isInteger(rule.threshold) || rule.threshold < 0 || rule.threshold > MAX_THRESHOLD) {
        return { ok: false, message: `The ${kind} threshold must be a whole number from 0 to ${MAX_THRESHOLD}.` };
      }
    }
    change.rules = Object.fromEntries(Object.entries(request.rules).map(([kind, rule]) => [kind, { signers: rule.signers, threshold: rule.threshold }]));
  }
  for (const [field, words] of [['submissionDeadline', 'submission'], ['signatureDeadline', 'signature']] as const) {
    const value = request[field];
    if (value === undefined) continue;
    const instant = value === null ? null : zonedTimeToInstant(value, timeZone);
    if (value !== null && instant === null) return { ok: false, message: `The ${words} deadline must be a date and time, e.g. 2026-06-01T23:59.` };
    change[field] = instant;
  }
  if (request.rosterDate !== undefined) {
    if (request.rosterDate === null) change.rosterDate = null;
    else {
      const text = /^\d{4}-\d{2}-\d{2}$/.test(request.rosterDate.trim()) ? `${request.rosterDate.trim()}T00:00` : request.rosterDate;
      const instant = zonedTimeToInstant(text, timeZone);
      if (instant === null) return { ok: false, message: 'The roster date must be a date, e.g. 2026-05-01.' };
      change.rosterDate = instant;
    }
  }
  return { ok: true, change };
}

import type { DocumentKind, DocumentStatus } from './api';

/**
 * The life of a text: draft -> submitted -> qualified (threshold met) ->
 * adopted / failed / withdrawn -> final. Who may move a text along which edge
 * is part of the rule, so the server and the browser ask the same table.
 */
export type Actor = 'caucus' | 'staff' | 'system';

interface Transition {
  from: DocumentStatus;
  to: DocumentStatus;
  by: readonly Actor[];
}

const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', to: 'submitted', by: ['caucus'] },
  { from: 'submitted', to: 'qualified', by: ['system', 'staff'] },
  { from: 'qualified', to: 'submitted', by: ['system', 'staff'] },
  { from: 'submitted', to: 'withdrawn', by: ['caucus', 'staff'] },
  { from: 'qualified', to: 'withdrawn', by: ['caucus', 'staff'] },
  { from: 'submitted', to: 'failed', by: ['staff'] },
  { from: 'qualified', to: 'adopted', by: ['staff'] },
  { from: 'submitted', to: 'adopted', by: ['staff'] }, // texts with no threshold (consensus), or a floor that suspends the rules
  { from: 'qualified', to: 'failed', by: ['staff'] },
  // Correcting an outcome recorded by mistake (the server refuses once a final text was made from it).
  { from: 'adopted', to: 'failed', by: ['staff'] },
  { from: 'failed', to: 'adopted', by: ['staff'] },
  { from: 'adopted', to: 'final', by: ['staff'] },
  { from: 'submitted', to: 'final', by: ['staff'] },
  { from: 'qualified', to: 'final', by: ['staff'] },
];

/** Outcomes staff record after the floor votes. */
export const OUTCOMES = ['adopted', 'failed', 'withdrawn'] as const;

/** Amendment statuses that no longer compete for lines on the floor: the conflict map leaves them out. */
export const SETTLED_STATUSES: ReadonlySet<DocumentStatus> = new Set<DocumentStatus>(['withdrawn', 'failed']);

/** Whether moving from `from` to `to` corrects an outcome recorded earlier (adopted to failed, or back). */
export function correctsOutcome(from: DocumentStatus, to: DocumentStatus): boolean {
  return (from === 'adopted' || from === 'failed') && (to === 'adopted' || to === 'failed') && from !== to;
}

/** Whether `actor` may move a text from `from` to `to`. */
export function canTransition(from: DocumentStatus, to: DocumentStatus, actor: Actor): boolean {
  return TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(actor));
}

/** The statuses `actor` may move a text in `from` to, in the table's order. */
export function nextStatuses(from: DocumentStatus, actor: Actor): DocumentStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.to);
}

/** Two digits, as conventions number their items: 3 -> "03", 117 -> "117". */
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The code a text gets when it is submitted, in the style conventions use:
 * resolutions `R17`, consensus resolutions `CR02`, amendments `R10-A03`,
 * secondary amendments (an amendment to an amendment) `CR02-A01-S01`.
 * `taken` are the codes already given in the convention; the new one is the
 * next number after the highest of its series, so codes are never reused even
 * after a withdrawal.
 */
export function nextCode(
  kind: DocumentKind,
  base: { code: string | null; kind: DocumentKind } | null,
  taken: readonly string[],
): string {
  let prefix: string;
  if (kind === 'resolution') prefix = 'R';
  else if (kind === 'consensus') prefix = 'CR';
  else {
    if (!base?.code) throw new RangeError('an amendment needs a base with a code');
    prefix = `${base.code}-${base.kind === 'amendment' ? 'S' : 'A'}`;
  }
  const series = new RegExp(`^${prefix.replace(/[-]/g, '\\-')}(\\d+)$`);
  let highest = 0;
  for (const code of taken) {
    const match = series.exec(code);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}${pad(highest + 1)}`;
}

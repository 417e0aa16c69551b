import type { Db } from '../db';
import type { Convention, SignatureRule } from '../../shared/api';
import { DOCUMENT_KINDS_WITH_RULES, type RulesChange } from '../../shared/signatures/rules';
import { currentConvention } from '../conventions/store';

/**
 * Writes a change to the convention's signature rules, deadlines, roster date
 * or time zone (already validated), merging rules per kind. Returns the convention as it now is.
 */
export function updateRules(db: Db, change: RulesChange): Convention {
  const convention = currentConvention(db);
  const rules: Record<string, SignatureRule> = { ...convention.rules, ...(change.rules ?? {}) };
  for (const kind of Object.keys(rules)) if (!DOCUMENT_KINDS_WITH_RULES.includes(kind)) delete rules[kind];
  db.prepare('UPDATE conventions SET rules = ?, submission_deadline = ?, signature_deadline = ?, roster_date = ?, timezone = ? WHERE id = ?').run(
    JSON.stringify(rules),
    change.submissionDeadline === undefined ? convention.submissionDeadline : change.submissionDeadline,
    change.signatureDeadline === undefined ? convention.signatureDeadline : change.signatureDeadline,
    change.rosterDate === undefined ? convention.rosterDate : change.rosterDate,
    change.timezone ?? convention.timezone,
    convention.id,
  );
  return currentConvention(db);
}

import type { Convention, SignatureRule } from '../../shared/api';
import { DOCUMENT_KINDS_WITH_RULES, type RulesChange } from '../../shared/signatures/rules';
import { currentConvention, type ConventionOps } from '../conventions/store';
import { asker, type Runner } from '../storage/flow';
import { reconcileAll, type SignatureOps } from './store';

const askConventions = asker<ConventionOps>();
const askSignatures = asker<SignatureOps>();

/** The signature rules, deadlines, roster date and time zone behind the storage seam. */
export class RulesStore {
  constructor(private readonly run: Runner) {}

  /**
   * Writes a change (already validated), merging rules per kind, and recounts
   * every text that collects signatures under the new rules, moving its status to
   * match, in one transaction. Resolves with the convention as it now is.
   */
  update(change: RulesChange): Promise<Convention> {
    return this.run.write(
      (function* () {
        yield* askSignatures('lockCounting', (yield* currentConvention()).id);
        const convention = yield* currentConvention(); // as the change before this one left it
        const rules: Record<string, SignatureRule> = { ...convention.rules, ...(change.rules ?? {}) };
        for (const kind of Object.keys(rules)) if (!DOCUMENT_KINDS_WITH_RULES.includes(kind)) delete rules[kind];
        yield* askConventions('updateConventionSettings', convention.id, {
          rules: JSON.stringify(rules),
          submissionDeadline: change.submissionDeadline === undefined ? convention.submissionDeadline : change.submissionDeadline,
          signatureDeadline: change.signatureDeadline === undefined ? convention.signatureDeadline : change.signatureDeadline,
          rosterDate: change.rosterDate === undefined ? convention.rosterDate : change.rosterDate,
          timezone: change.timezone ?? convention.timezone,
        });
        const updated = yield* currentConvention();
        yield* reconcileAll(updated);
        return updated;
      })(),
    );
  }
}

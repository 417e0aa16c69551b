import type { DocumentKind, DocumentStatus, SignatureRule } from '../api';

/** One person on the convention's roster, as imported from the roster CSV. */
export interface RosterMember {
  memberId: string;
  name: string;
  email: string;
  chapter: string;
  /** In good standing as of the convention's roster date. */
  goodStanding: boolean;
  delegate: boolean;
}

/** Why someone may not sign; `null` when they may. */
export type IneligibleReason = 'not-on-roster' | 'not-in-good-standing' | 'not-a-delegate' | 'not-collecting';

/** The statuses in which a text collects signatures. */
export const SIGNABLE_STATUSES: readonly DocumentStatus[] = ['submitted', 'qualified'];

/**
 * Whether a kind collects signatures at all under its rule: a kind without a
 * rule, or with a threshold of 0 (the demo's consensus texts), needs none and
 * takes none.
 */
export function collectsSignatures(rule: SignatureRule | undefined): rule is SignatureRule {
  return rule !== undefined && rule.threshold > 0;
}

/** The rule for a document kind, if the convention has one. */
export function ruleFor(rules: Readonly<Record<string, SignatureRule>>, kind: DocumentKind): SignatureRule | undefined {
  return Object.prototype.hasOwnProperty.call(rules, kind) ? rules[kind] : undefined;
}

/**
 * Why `member` may not sign a text under `rule`, or null when they may.
 * The rules, in the convention's words: the signer must be on the roster; for a
 * `members` rule they must be in good standing as of the roster date; for a
 * `delegates` rule they must be a delegate, and a delegate out of good standing
 * does not count either. A kind that collects no signatures refuses everyone.
 */
export function ineligibility(member: RosterMember | null | undefined, rule: SignatureRule | undefined): IneligibleReason | null {
  if (!collectsSignatures(rule)) return 'not-collecting';
  if (!member) return 'not-on-roster';
  if (rule.signers === 'delegates' && !member.delegate) return 'not-a-delegate';
  if (!member.goodStanding) return 'not-in-good-standing';
  return null;
}

/** Whether `member` may sign under `rule` (see `ineligibility`). */
export function isEligible(member: RosterMember | null | undefined, rule: SignatureRule | undefined): boolean {
  return ineligibility(member, rule) === null;
}

/** The reason, in words a member can act on. */
export const INELIGIBLE_MESSAGES: Record<IneligibleReason, string> = {
  'not-on-roster': 'You are not on the convention roster, so you cannot sign. Ask convention staff to check your email address.',
  'not-in-good-standing': 'Only members in good standing as of the roster date can sign this text.',
  'not-a-delegate': 'Only delegates can sign this kind of text.',
  'not-collecting': 'This kind of text does not collect signatures.',
};

/**
 * Whether the signature deadline has passed at `now` (milliseconds). A
 * convention without a deadline never closes; the deadline instant itself is
 * still open (a signature at 23:59:59.999 of a 23:59:59.999 deadline counts).
 * An unparseable deadline is misuse (they are validated on the way in): RangeError.
 */
export function deadlinePassed(deadline: string | null, now: number): boolean {
  if (deadline === null) return false;
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) throw new RangeError(`not a deadline: ${deadline}`);
  return now > at;
}

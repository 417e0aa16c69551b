import { describe, expect, it } from 'vitest';
import { collectsSignatures, deadlinePassed, ineligibility, isEligible, ruleFor, SIGNABLE_STATUSES, type RosterMember } from './eligibility';

const member = (overrides: Partial<RosterMember> = {}): RosterMember => ({
  memberId: 'M1',
  name: 'Ana Silva',
  email: 'ana@example.org',
  chapter: 'Chicago',
  goodStanding: true,
  delegate: false,
  ...overrides,
});
const members = { signers: 'members', threshold: 100 } as const;
const delegates = { signers: 'delegates', threshold: 20 } as const;

describe('who may sign', () => {
  it('lets a member in good standing sign a members-rule text', () => {
    expect(ineligibility(member(), members)).toBeNull();
  });

  it('refuses a member out of good standing', () => {
    expect(ineligibility(member({ goodStanding: false }), members)).toBe('not-in-good-standing');
  });

  it('refuses someone not on the roster', () => {
    expect(ineligibility(null, members)).toBe('not-on-roster');
    expect(ineligibility(undefined, delegates)).toBe('not-on-roster');
  });

  it('lets only delegates sign a delegates-rule text', () => {
    expect(ineligibility(member(), delegates)).toBe('not-a-delegate');
    expect(isEligible(member({ delegate: true }), delegates)).toBe(true);
  });

  it('refuses a delegate out of good standing', () => {
    expect(ineligibility(member({ delegate: true, goodStanding: false }), delegates)).toBe('not-in-good-standing');
  });

  it('lets a delegate sign a members-rule text (a delegate is a member)', () => {
    expect(isEligible(member({ delegate: true }), members)).toBe(true);
  });

  it('refuses everyone for a kind without a rule or with threshold 0', () => {
    expect(collectsSignatures(undefined)).toBe(false);
    expect(collectsSignatures({ signers: 'delegates', threshold: 0 })).toBe(false);
    expect(ineligibility(member({ delegate: true }), { signers: 'delegates', threshold: 0 })).toBe('not-collecting');
  });
});

describe('the deadline', () => {
  const deadline = '2026-06-01T04:59:59.999Z';
  it('is open up to and including the deadline instant', () => {
    expect(deadlinePassed(deadline, Date.parse(deadline))).toBe(false);
    expect(deadlinePassed(deadline, Date.parse(deadline) + 1)).toBe(true);
  });
  it('never closes without a deadline', () => {
    expect(deadlinePassed(null, Date.now() + 1e12)).toBe(false);
  });
  it('treats a malformed deadline as misuse', () => {
    expect(() => deadlinePassed('next tuesday', 0)).toThrow(RangeError);
  });
});

describe('which texts and rules apply', () => {
  it('takes signatures on texts while they are submitted or qualified, in no other status', () => {
    for (const status of ['draft', 'submitted', 'qualified', 'adopted', 'failed', 'withdrawn', 'final'] as const) {
      expect(SIGNABLE_STATUSES.includes(status), status).toBe(status === 'submitted' || status === 'qualified');
    }
  });

  it("finds a kind's own rule, never one a plain object inherits", () => {
    const rules = { amendment: delegates };
    expect(ruleFor(rules, 'amendment')).toBe(delegates);
    expect(ruleFor(rules, 'resolution')).toBeUndefined();
    expect(ruleFor(rules, 'constructor' as 'resolution')).toBeUndefined();
  });

  it('calls an unreadable deadline misuse, naming it', () => {
    expect(() => deadlinePassed('the day after tomorrow', 0)).toThrow(new RangeError('not a deadline: the day after tomorrow'));
  });
});

import { Type, type Static } from 'typebox';
import { DocumentKind, DocumentStatus, SignatureRule } from './api';
import { AUDIT_ANCHOR_PATTERN } from './signatures/audit-chain';

/**
 * The signatures, roster, rules and audit API's shapes (issue 5), as TypeBox
 * schemas: the server validates and serialises with them and builds its
 * OpenAPI document from them; the client uses their static types.
 */

export const Signers = Type.Union([Type.Literal('members'), Type.Literal('delegates')]);

export const IneligibleReason = Type.Union([
  Type.Literal('not-on-roster'),
  Type.Literal('not-in-good-standing'),
  Type.Literal('not-a-delegate'),
  Type.Literal('not-collecting'),
]);

export const TallyPoint = Type.Object({ at: Type.String(), count: Type.Integer() });
export type TallyPoint = Static<typeof TallyPoint>;

/** `GET /api/documents/:id/tally`: the contract's four fields first, then what the views need. */
export const DocumentTally = Type.Object({
  count: Type.Integer({ description: 'Counted signatures: live, not struck, signer eligible; one per roster member.' }),
  threshold: Type.Integer({ description: 'Signatures this kind needs; 0 when the kind collects none.' }),
  qualified: Type.Boolean({ description: 'Whether count has reached threshold.' }),
  byChapter: Type.Record(Type.String(), Type.Integer(), { description: 'Counted signatures per chapter, largest first.' }),
  documentId: Type.String(),
  kind: DocumentKind,
  status: DocumentStatus,
  signers: Type.Union([Signers, Type.Null()], { description: 'Who may sign this kind; null when it collects no signatures.' }),
  collecting: Type.Boolean({ description: 'Whether this kind collects signatures at all (a rule with a threshold above 0).' }),
  open: Type.Boolean({ description: 'Whether signatures can be given or withdrawn now: right status, before the deadline.' }),
  deadline: Type.Union([Type.String(), Type.Null()]),
  deadlinePassed: Type.Boolean(),
  timezone: Type.String(),
  withdrawn: Type.Integer({ description: 'People who withdrew their signature and have not signed again.' }),
  struck: Type.Integer(),
  ineligible: Type.Integer({ description: 'Live signatures whose signer no longer meets the rule on the current roster.' }),
  signedByMe: Type.Boolean(),
  myStruckReason: Type.Union([Type.String(), Type.Null()], { description: "Staff's reason, when the caller's own signature was struck." }),
  eligible: Type.Boolean({ description: 'Whether the caller meets the rule for this kind.' }),
  ineligibleReason: Type.Union([IneligibleReason, Type.Null()]),
  overTime: Type.Optional(Type.Array(TallyPoint, { description: 'The counted total after every event, oldest first.' })),
});
export type DocumentTally = Static<typeof DocumentTally>;

export const TallyQuery = Type.Object({
  overTime: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Include the signatures-over-time series (default true).' })),
});

/** A strike or a restore of a signature, as the audit log records it. */
export const SignatureStaffAction = Type.Object({
  action: Type.Union([Type.Literal('strike'), Type.Literal('restore')]),
  at: Type.String(),
  /** The staff member's name (null if the account is gone). */
  by: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type SignatureStaffAction = Static<typeof SignatureStaffAction>;

/** One row of a document's signature list (staff). */
export const SignatureEntry = Type.Object({
  id: Type.Integer(),
  memberId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  chapter: Type.Union([Type.String(), Type.Null()]),
  delegate: Type.Boolean(),
  goodStanding: Type.Boolean(),
  source: Type.Union([Type.Literal('online'), Type.Literal('paper')]),
  signedAt: Type.String(),
  enteredBy: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  withdrawnAt: Type.Union([Type.String(), Type.Null()]),
  struckAt: Type.Union([Type.String(), Type.Null()]),
  struckBy: Type.Union([Type.String(), Type.Null()]),
  struckReason: Type.Union([Type.String(), Type.Null()]),
  counted: Type.Boolean(),
  staffActions: Type.Array(SignatureStaffAction, {
    description: "Staff's strikes and restores of this member's signature on this text, oldest first, from the audit log; on the member's newest row, empty on older ones.",
  }),
});
export type SignatureEntry = Static<typeof SignatureEntry>;

export const SignatureList = Type.Object({ signatures: Type.Array(SignatureEntry) });
export type SignatureList = Static<typeof SignatureList>;

export const MemberIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  memberId: Type.String({ minLength: 1, maxLength: 64 }),
});

/** `POST /api/documents/:id/signatures/paper` (staff): a signature collected on paper. */
export const PaperSignatureBody = Type.Object(
  {
    memberId: Type.String({ minLength: 1, maxLength: 64 }),
    signedAt: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'When it was signed on paper: an instant, or wall-clock time in the convention time zone. Default: now.' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PaperSignatureBody = Static<typeof PaperSignatureBody>;

/** `POST /api/documents/:id/signatures/:memberId/strike` and `.../restore` (staff): why. */
export const StrikeBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false });
export type StrikeBody = Static<typeof StrikeBody>;

/** `PUT /api/convention/rules` (staff): any of these; what is left out stays. */
export const RulesUpdateBody = Type.Object(
  {
    rules: Type.Optional(Type.Record(Type.String(), SignatureRule)),
    submissionDeadline: Type.Optional(
      Type.Union([Type.String({ minLength: 10, maxLength: 40 }), Type.Null()], {
        description: 'Until when drafts may be submitted and amendments proposed: an instant, or a wall-clock time in the convention time zone; null: no deadline.',
      }),
    ),
    signatureDeadline: Type.Optional(
      Type.Union([Type.String({ minLength: 10, maxLength: 40 }), Type.Null()], {
        description: 'An instant (with Z or offset), or a wall-clock time (YYYY-MM-DDTHH:mm) in the convention time zone; null: no deadline.',
      }),
    ),
    rosterDate: Type.Optional(Type.Union([Type.String({ minLength: 10, maxLength: 40 }), Type.Null()])),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type RulesUpdateBody = Static<typeof RulesUpdateBody>;

export const RosterLineError = Type.Object({ line: Type.Integer(), message: Type.String() });

/** A refused roster file: nothing was imported; every bad line is named. */
export const RosterErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), lines: Type.Array(RosterLineError) }),
});
export type RosterErrorBody = Static<typeof RosterErrorBody>;

export const RosterChange = Type.Object({
  memberId: Type.String(),
  line: Type.Integer(),
  kind: Type.Union([Type.Literal('added'), Type.Literal('updated')]),
  fields: Type.Array(Type.String()),
});

/** `POST /api/roster` (staff): what the import changed (or would change, with `dryRun`). */
export const RosterImportReport = Type.Object({
  dryRun: Type.Boolean(),
  members: Type.Integer({ description: 'Members in the file.' }),
  added: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  notInFile: Type.Integer({ description: 'Members on the stored roster the file does not list; they are kept.' }),
  notInFileIds: Type.Array(Type.String()),
  changes: Type.Array(RosterChange, { description: 'Added and updated members, at most the first 1,000.' }),
  changesTruncated: Type.Boolean(),
  linkedUsers: Type.Integer({ description: 'User accounts whose email matches a roster entry.' }),
});
export type RosterImportReport = Static<typeof RosterImportReport>;

export const RosterImportJson = Type.Object({ csv: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export const RosterImportQuery = Type.Object({ dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])) });

/** `GET /api/roster` (staff): the roster's size and make-up. */
export const RosterSummary = Type.Object({
  members: Type.Integer(),
  inGoodStanding: Type.Integer(),
  delegates: Type.Integer(),
  chapters: Type.Integer(),
  linkedUsers: Type.Integer(),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});
export type RosterSummary = Static<typeof RosterSummary>;

/** One line of the convention-wide tally (staff exports). */
export const ConventionTallyRow = Type.Object({
  documentId: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  kind: DocumentKind,
  status: DocumentStatus,
  signers: Type.Union([Signers, Type.Null()]),
  count: Type.Integer(),
  threshold: Type.Integer(),
  qualified: Type.Boolean(),
  withdrawn: Type.Integer(),
  struck: Type.Integer(),
  ineligible: Type.Integer(),
  byChapter: Type.Record(Type.String(), Type.Integer()),
});
export type ConventionTallyRow = Static<typeof ConventionTallyRow>;

export const ConventionTally = Type.Object({
  convention: Type.String(),
  generatedAt: Type.String(),
  signatureDeadline: Type.Union([Type.String(), Type.Null()]),
  rosterDate: Type.Union([Type.String(), Type.Null()]),
  documents: Type.Array(ConventionTallyRow),
  auditAnchor: Type.Union([Type.String(), Type.Null()], {
    description:
      'The signature log\'s last entry when this tally was made, as `entry:hash` (null for an empty log). Kept with the tally, it later shows whether the log up to here was rewritten: `plenary audit verify --anchor`.',
  }),
});
export type ConventionTally = Static<typeof ConventionTally>;

/** `GET /api/audit/verify` (staff): the chain, and whether the signatures table agrees with it. */
export const AuditVerification = Type.Object({
  ok: Type.Boolean({ description: 'Chain intact and the signatures table matches the log.' }),
  entries: Type.Integer({ description: 'Entries checked before the first broken link (all of them when intact).' }),
  total: Type.Integer({ description: 'Entries in the log.' }),
  headHash: Type.String(),
  firstBroken: Type.Union([
    Type.Object({ seq: Type.Integer(), reason: Type.Union([Type.Literal('gap'), Type.Literal('prev-hash'), Type.Literal('hash')]), message: Type.String() }),
    Type.Null(),
  ]),
  stateMismatches: Type.Array(Type.Object({ documentId: Type.String(), memberId: Type.String(), log: Type.String(), table: Type.String() }), {
    description: 'Signatures where the table and the replayed log disagree (at most 100).',
  }),
  anchor: Type.Union(
    [Type.Object({ seq: Type.Integer(), hash: Type.String(), ok: Type.Boolean(), message: Type.String() }), Type.Null()],
    { description: 'The recorded entry asked about (`?anchor=`), compared with the log; null when none was given.' },
  ),
});
export type AuditVerification = Static<typeof AuditVerification>;

/** `GET /api/audit/verify` query: optionally an entry recorded earlier, to check the log was not rewritten up to it. */
export const AuditVerifyQuery = Type.Object({
  anchor: Type.Optional(
    Type.String({
      pattern: AUDIT_ANCHOR_PATTERN,
      description: 'An entry recorded earlier as `entry:hash` (a tally export\'s `auditAnchor`, or a verification\'s entries and head hash).',
    }),
  ),
});
export type AuditVerifyQuery = Static<typeof AuditVerifyQuery>;

/** One event on a tally stream: a document's tally changed. */
export const TallyChange = Type.Object({
  documentId: Type.String(),
  count: Type.Integer(),
  threshold: Type.Integer(),
  qualified: Type.Boolean(),
  status: DocumentStatus,
});
export type TallyChange = Static<typeof TallyChange>;

import { Type, type Static } from 'typebox';

/**
 * The HTTP API's shapes, as TypeBox schemas: the server validates and
 * serialises with them (and builds its OpenAPI document from them); the client
 * uses their static types.
 */

export const DocumentKind = Type.Union([Type.Literal('consensus'), Type.Literal('resolution'), Type.Literal('amendment')]);
export type DocumentKind = Static<typeof DocumentKind>;

export const DOCUMENT_STATUSES = ['draft', 'submitted', 'qualified', 'adopted', 'failed', 'withdrawn', 'final'] as const;
export const DocumentStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('qualified'),
  Type.Literal('adopted'),
  Type.Literal('failed'),
  Type.Literal('withdrawn'),
  Type.Literal('final'),
]);
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const CaucusRef = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('caucus'), Type.Literal('committee')]),
});
export type CaucusRef = Static<typeof CaucusRef>;

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  isStaff: Type.Boolean(),
  caucuses: Type.Array(CaucusRef),
  memberId: Type.Union([Type.String(), Type.Null()]),
  isDelegate: Type.Boolean(),
  goodStanding: Type.Boolean(),
});
export type User = Static<typeof User>;

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const LoginResponse = Type.Object({ token: Type.String(), user: User });
export type LoginResponse = Static<typeof LoginResponse>;

export const MeResponse = Type.Object({ user: User });

export const DocumentSummary = Type.Object({
  id: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  kind: DocumentKind,
  status: DocumentStatus,
  baseId: Type.Union([Type.String(), Type.Null()]),
  baseVersion: Type.Union([Type.Integer(), Type.Null()]),
  caucusId: Type.Union([Type.String(), Type.Null()]),
  caucusName: Type.Union([Type.String(), Type.Null()]),
  rationale: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  canEdit: Type.Boolean(),
});
export type DocumentSummary = Static<typeof DocumentSummary>;

export const DocumentIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

export const SignatureRule = Type.Object({
  signers: Type.Union([Type.Literal('members'), Type.Literal('delegates')]),
  threshold: Type.Integer({ minimum: 0 }),
});
export type SignatureRule = Static<typeof SignatureRule>;

export const Convention = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timezone: Type.String(),
  lineWidth: Type.Integer(),
  submissionDeadline: Type.Union([Type.String(), Type.Null()]),
  signatureDeadline: Type.Union([Type.String(), Type.Null()]),
  rosterDate: Type.Union([Type.String(), Type.Null()]),
  rules: Type.Record(Type.String(), SignatureRule),
});
export type Convention = Static<typeof Convention>;

/** A ProseMirror document in JSON, in the resolution schema. */
export const ProseMirrorDoc = Type.Unknown({ description: 'A ProseMirror document (JSON) in the resolution schema' });

export const TextBlockSchema = Type.Object({
  kind: Type.Union([
    Type.Literal('title'),
    Type.Literal('heading'),
    Type.Literal('paragraph'),
    Type.Literal('whereas'),
    Type.Literal('resolved'),
    Type.Literal('bullet'),
    Type.Literal('ordered'),
  ]),
  text: Type.String(),
  level: Type.Optional(Type.Integer()),
});

export const VersionSummary = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  baseVersion: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'For an amendment, the version of its base this version amends (a rebase gives a submitted amendment a new version against the new base).' })),
});
export type VersionSummary = Static<typeof VersionSummary>;

export const DocumentText = Type.Object({
  documentId: Type.String(),
  /** The version number, or null for the live text. */
  version: Type.Union([Type.Integer(), Type.Null()]),
  title: Type.String(),
  content: ProseMirrorDoc,
  blocks: Type.Array(TextBlockSchema),
});
export type DocumentText = Static<typeof DocumentText>;

export const VersionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  version: Type.Integer({ minimum: 1 }),
});

export const CreateDocumentBody = Type.Object({
  kind: Type.Union([Type.Literal('resolution'), Type.Literal('consensus')]),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  caucusId: Type.Optional(Type.String({ maxLength: 64 })),
  rationale: Type.Optional(Type.String({ maxLength: 20_000 })),
});

export const ForkBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  rationale: Type.Optional(Type.String({ maxLength: 20_000 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  caucusId: Type.Optional(Type.String({ maxLength: 64 })),
});

export const PatchDocumentBody = Type.Object({
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  rationale: Type.Optional(Type.String({ maxLength: 20_000 })),
});

export const StatusBody = Type.Object({
  status: DocumentStatus,
  note: Type.Optional(Type.String({ maxLength: 2_000 })),
});

export const DocumentEventSchema = Type.Object({
  id: Type.Integer(),
  fromStatus: Type.Union([DocumentStatus, Type.Null()]),
  toStatus: DocumentStatus,
  action: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  at: Type.String(),
});

export const LineRangeSchema = Type.Object({ from: Type.Integer(), to: Type.Integer() });

export const RedlineJsonSchema = Type.Object({
  width: Type.Integer(),
  baseLines: Type.Array(Type.String()),
  amendedLines: Type.Array(Type.String()),
  segments: Type.Array(Type.Object({ type: Type.Union([Type.Literal('equal'), Type.Literal('delete'), Type.Literal('insert')]), text: Type.String() })),
  instructions: Type.Array(Type.Object({ form: Type.String(), text: Type.String(), fromLine: Type.Integer(), toLine: Type.Integer() })),
});

export const TextRef = Type.Object({
  documentId: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
});
export type TextRef = Static<typeof TextRef>;

export const CompareResponse = Type.Object({
  left: TextRef,
  right: TextRef,
  redline: RedlineJsonSchema,
});
export type CompareResponse = Static<typeof CompareResponse>;

export const CompareQuery = Type.Object({
  left: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  right: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  leftVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  rightVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const ConflictMapResponse = Type.Object({
  baseId: Type.String(),
  version: Type.Integer(),
  lineCount: Type.Integer(),
  amendments: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.Union([Type.String(), Type.Null()]),
      title: Type.String(),
      status: DocumentStatus,
      caucusName: Type.Union([Type.String(), Type.Null()]),
      ranges: Type.Array(LineRangeSchema),
    }),
  ),
  lines: Type.Array(Type.Object({ line: Type.Integer(), amendments: Type.Array(Type.String()) })),
  conflicts: Type.Array(Type.Object({ a: Type.String(), b: Type.String(), lines: Type.Array(LineRangeSchema) })),
});
export type ConflictMapResponse = Static<typeof ConflictMapResponse>;

export const RebaseProposalSchema = Type.Object({
  id: Type.Integer(),
  fromVersion: Type.Integer(),
  toVersion: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('dismissed')]),
  blocks: Type.Array(TextBlockSchema),
  unapplied: Type.Array(Type.Object({ fromLine: Type.Integer(), toLine: Type.Integer(), struck: Type.String(), inserted: Type.String() })),
  createdAt: Type.String(),
});
export type RebaseProposal = Static<typeof RebaseProposalSchema>;

export const FinalBody = Type.Object({
  amendmentIds: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 }),
  /** Staff's hand-resolved final text (Markdown), used instead of the merge when given. */
  markdown: Type.Optional(Type.String({ maxLength: 2_000_000 })),
});

export const FinalPreview = Type.Object({
  version: Type.Integer(),
  blocks: Type.Array(TextBlockSchema),
  merged: Type.Array(Type.String()),
  conflicts: Type.Array(Type.Object({ amendment: Type.String(), conflictsWith: Type.String(), fromLine: Type.Integer(), toLine: Type.Integer() })),
  redline: RedlineJsonSchema,
});
export type FinalPreview = Static<typeof FinalPreview>;

export const SubmitBody = Type.Object({
  /** The submitting editor's Yjs state vector (base64): the server refuses while it lacks any of those edits. */
  stateVector: Type.Optional(Type.String({ maxLength: 100_000 })),
});

/**
 * The permission matrix: for every HTTP route of the OpenAPI document (by its
 * OpenAPI path) and the sync socket, the exact answer each kind of caller gets
 * (see `callers.ts` for who they are). `matrix.test.ts` runs it; a route with
 * no row fails the suite, so a new route must say who may call it.
 *
 * A status past the permission check (a 409 because there is nothing to
 * publish, say) is as good as a success here: it shows the caller got past the
 * check, and differs from what a refused caller gets.
 */
import { everyone, ownerOnly, signedIn, staffOnly, type Caller, type Statuses } from './callers';

/** One request of a row: its path (with query), body and the document whose state must not change when it is refused. */
export interface MatrixRequest {
  path: string;
  body?: unknown;
  contentType?: string;
  /** A document to compare before and after a refused call (besides the document lists, convention and roster). */
  watch?: string;
  /** A session token to use instead of the caller's own (a fresh session, for sign-out). */
  token?: string | null;
}

/** What a row's `prepare` may use: tokens, the demo's fixed texts, and builders of fresh state through the API. */
export interface MatrixContext {
  token(caller: Caller): string | undefined;
  /** A new session for a caller (expired for `expired`, none for `anonymous`). */
  freshSession(caller: Caller): Promise<string | null>;
  /** The demo consensus text CR01 (submitted v1, the International Committee's). */
  consensus: string;
  /** The delegate's member id on the roster. */
  delegateMemberId: string;
  /** Built once per file; rows that only read use them. */
  shared: {
    draft: string;
    submittedAmendment: string;
    /** A one-line submitted resolution of another caucus, and the owner's private draft amendment of it: cheap to export. */
    smallBase: string;
    smallDraft: string;
    finishedJob: string;
  };
  /** Built on each call, for rows that change what they touch. */
  fresh: {
    /** A private draft amendment of CR01 of the owner's caucus. */
    draft(): Promise<string>;
    /** An amendment of CR01 of the owner's caucus, submitted. */
    submittedAmendment(): Promise<string>;
    /** A consensus text of the committee, submitted. */
    submittedConsensus(): Promise<string>;
    /** A submitted amendment `caller` has signed (when eligible; otherwise unsigned). */
    signedBy(caller: Caller): Promise<string>;
    /** A submitted amendment the delegate signed and staff struck. */
    struck(): Promise<string>;
  };
}

export interface MatrixRow {
  /** `METHOD /openapi/path`, as the OpenAPI document lists it. */
  route: string;
  /** What the row calls the route on, in words. */
  target: string;
  statuses: Statuses;
  /** Build the request; called for every caller when `perCaller`, else once for the row. */
  prepare(ctx: MatrixContext, caller: Caller): Promise<MatrixRequest> | MatrixRequest;
  /** The call changes what it touches on success, so every caller gets fresh state. */
  perCaller?: boolean;
  /** A server-sent events stream: only its status is read. */
  stream?: boolean;
}

const doc = (id: string, rest = '') => `/api/documents/${id}${rest}`;
const EXPORT_FORMATS = ['html', 'md', 'pdf', 'docx'] as const;

/** A multipart request to an import route carrying one file. */
function multipartFile(path: string, fileName: string, mediaType: string, text: string): MatrixRequest {
  const boundary = 'plenary-matrix-boundary';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mediaType}\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  return { path, body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Who may read a caucus draft, edit it, and so on: one row per (route, target). */
export const HTTP_ROWS: MatrixRow[] = [
  // Signing in and out
  { route: 'POST /api/auth/login', target: 'a valid email and password', statuses: everyone(200), prepare: () => ({ path: '/api/auth/login', body: { email: 'drafter5@demo.test', password: 'demo' } }) },
  {
    route: 'POST /api/auth/logout',
    target: "the caller's own fresh session",
    statuses: everyone(204),
    perCaller: true,
    prepare: async (ctx, caller) => ({ path: '/api/auth/logout', token: await ctx.freshSession(caller) }),
  },
  { route: 'GET /api/auth/me', target: 'the caller', statuses: signedIn(200), prepare: () => ({ path: '/api/auth/me' }) },
  { route: 'GET /api/health', target: 'the server', statuses: everyone(200), prepare: () => ({ path: '/api/health' }) },
  { route: 'GET /api/convention', target: 'the convention', statuses: signedIn(200), prepare: () => ({ path: '/api/convention' }) },

  // Documents
  { route: 'GET /api/documents', target: 'the list', statuses: signedIn(200), prepare: () => ({ path: '/api/documents' }) },
  {
    route: 'POST /api/documents',
    target: 'a new resolution, acting for their only caucus or committee',
    statuses: signedIn(403, { owner: 201, otherDrafter: 201, committee: 201 }),
    prepare: () => ({ path: '/api/documents', body: { kind: 'resolution', title: 'A resolution started by the matrix' } }),
  },
  {
    route: 'POST /api/documents',
    target: 'a new consensus text (committees only)',
    statuses: signedIn(403, { committee: 201 }),
    prepare: () => ({ path: '/api/documents', body: { kind: 'consensus', title: 'A consensus text started by the matrix' } }),
  },
  { route: 'GET /api/documents/{id}', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft) }) },
  { route: 'GET /api/documents/{id}', target: 'a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment) }) },
  {
    route: 'PATCH /api/documents/{id}',
    target: "a private draft's rationale",
    statuses: ownerOnly(200),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.draft();
      return { path: doc(id), body: { rationale: 'Changed by the matrix.' }, watch: id };
    },
  },
  {
    route: 'PATCH /api/documents/{id}',
    target: "a submitted amendment's title (frozen)",
    statuses: signedIn(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment), body: { title: 'Renamed after submission' }, watch: ctx.shared.submittedAmendment }),
  },
  { route: 'GET /api/documents/{id}/text', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/text') }) },
  { route: 'GET /api/documents/{id}/text', target: 'the consensus text', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.consensus, '/text') }) },
  { route: 'GET /api/documents/{id}/versions', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/versions') }) },
  { route: 'GET /api/documents/{id}/versions', target: 'a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/versions') }) },
  { route: 'GET /api/documents/{id}/versions/{version}', target: 'v1 of a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/versions/1') }) },
  { route: 'GET /api/documents/{id}/versions/{version}', target: 'v1 of a private draft (it has none yet)', statuses: ownerOnly(404), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/versions/1') }) },
  {
    route: 'POST /api/documents/{id}/versions',
    target: 'the consensus text, unchanged since v1 (its editors get past the check to "nothing to publish")',
    statuses: signedIn(403, { committee: 409, staff: 409 }),
    prepare: (ctx) => ({ path: doc(ctx.consensus, '/versions'), watch: ctx.consensus }),
  },
  {
    route: 'POST /api/documents/{id}/versions',
    target: 'a private draft',
    statuses: ownerOnly(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/versions'), watch: ctx.shared.draft }),
  },
  {
    route: 'POST /api/documents/{id}/submit',
    target: 'a private draft',
    statuses: ownerOnly(200),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.draft();
      return { path: doc(id, '/submit'), body: {}, watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/submit',
    target: 'a submitted amendment (already submitted)',
    statuses: signedIn(403, { owner: 409 }),
    prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/submit'), body: {}, watch: ctx.shared.submittedAmendment }),
  },
  {
    route: 'POST /api/documents/{id}/status',
    target: 'withdrawing a submitted amendment (its caucus or staff)',
    statuses: signedIn(403, { owner: 200, staff: 200 }),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.submittedAmendment();
      return { path: doc(id, '/status'), body: { status: 'withdrawn' }, watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/status',
    target: 'recording a submitted amendment as adopted (staff)',
    statuses: staffOnly(200),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.submittedAmendment();
      return { path: doc(id, '/status'), body: { status: 'adopted' }, watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/status',
    target: 'withdrawing a private draft',
    statuses: ownerOnly(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/status'), body: { status: 'withdrawn' }, watch: ctx.shared.draft }),
  },
  { route: 'GET /api/documents/{id}/events', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/events') }) },
  { route: 'GET /api/documents/{id}/events', target: 'a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/events') }) },

  {
    route: 'POST /api/documents/import',
    target: 'a Markdown file as a new resolution, for their only caucus or committee',
    statuses: signedIn(403, { owner: 201, otherDrafter: 201, committee: 201 }),
    prepare: () => multipartFile('/api/documents/import', 'resolution.md', 'text/markdown', '# A resolution imported by the matrix\n\nWhereas imports are checked.\n'),
  },
  {
    route: 'POST /api/documents/{id}/amendments/import',
    target: 'the consensus text, with a file past the permission check (a .md is refused as not Word: 415)',
    statuses: signedIn(403, { owner: 415, otherDrafter: 415, committee: 415 }),
    prepare: (ctx) => ({ ...multipartFile(doc(ctx.consensus, '/amendments/import'), 'amendment.md', 'text/markdown', 'Not a Word file.\n'), watch: ctx.consensus }),
  },
  // Amendments
  {
    route: 'POST /api/documents/{id}/amendments',
    target: 'an amendment of the consensus text (caucus or committee drafters)',
    statuses: signedIn(403, { owner: 201, otherDrafter: 201, committee: 201 }),
    prepare: (ctx) => ({ path: doc(ctx.consensus, '/amendments'), body: { title: 'An amendment started by the matrix' }, watch: ctx.consensus }),
  },
  {
    route: 'POST /api/documents/{id}/amendments',
    target: 'an amendment of a private draft',
    statuses: ownerOnly(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/amendments'), body: { title: 'An amendment of a draft' }, watch: ctx.shared.draft }),
  },
  { route: 'GET /api/documents/{id}/amendments', target: 'the consensus text', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.consensus, '/amendments') }) },
  { route: 'GET /api/documents/{id}/amendments', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/amendments') }) },
  {
    route: 'GET /api/compare',
    target: 'the consensus text against a private draft',
    statuses: ownerOnly(200),
    prepare: (ctx) => ({ path: `/api/compare?left=${ctx.consensus}&right=${ctx.shared.draft}` }),
  },
  { route: 'GET /api/documents/{id}/redline', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/redline') }) },
  { route: 'GET /api/documents/{id}/redline', target: 'a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/redline') }) },
  { route: 'GET /api/documents/{id}/conflicts', target: 'the consensus text', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.consensus, '/conflicts') }) },
  { route: 'GET /api/documents/{id}/rebase', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/rebase') }) },
  {
    route: 'POST /api/documents/{id}/rebase/{decision}',
    target: 'accepting on a submitted amendment with no pending rebase (its caucus gets past the check)',
    statuses: signedIn(403, { owner: 409 }),
    prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/rebase/accept'), watch: ctx.shared.submittedAmendment }),
  },
  {
    route: 'POST /api/documents/{id}/rebase/{decision}',
    target: 'dismissing on a private draft',
    statuses: ownerOnly(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/rebase/dismiss'), watch: ctx.shared.draft }),
  },
  {
    route: 'POST /api/documents/{id}/final/preview',
    target: 'the consensus text with no amendments',
    statuses: staffOnly(200),
    prepare: (ctx) => ({ path: doc(ctx.consensus, '/final/preview'), body: { amendmentIds: [] }, watch: ctx.consensus }),
  },
  {
    route: 'POST /api/documents/{id}/final',
    target: 'a submitted consensus text with no amendments',
    statuses: staffOnly(201),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.submittedConsensus();
      return { path: doc(id, '/final'), body: { amendmentIds: [] }, watch: id };
    },
  },

  // Signatures
  {
    route: 'POST /api/documents/{id}/signatures',
    target: 'signing a submitted amendment (delegates in good standing)',
    statuses: signedIn(201, { lapsed: 403, member: 403, staff: 403 }),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.submittedAmendment();
      return { path: doc(id, '/signatures'), watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/signatures',
    target: 'signing a private draft',
    statuses: ownerOnly(409),
    prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/signatures'), watch: ctx.shared.draft }),
  },
  {
    route: 'DELETE /api/documents/{id}/signatures',
    target: "withdrawing the caller's own signature (those who could not sign have none: 404)",
    statuses: signedIn(200, { lapsed: 404, member: 404, staff: 404 }),
    perCaller: true,
    prepare: async (ctx, caller) => {
      const id = await ctx.fresh.signedBy(caller);
      return { path: doc(id, '/signatures'), watch: id };
    },
  },
  { route: 'GET /api/documents/{id}/signatures', target: 'a submitted amendment', statuses: staffOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/signatures') }) },
  { route: 'GET /api/documents/{id}/tally', target: 'a submitted amendment', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/tally') }) },
  { route: 'GET /api/documents/{id}/tally', target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/tally') }) },
  { route: 'GET /api/documents/{id}/tally/events', target: 'a submitted amendment', statuses: signedIn(200), stream: true, prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/tally/events') }) },
  { route: 'GET /api/documents/{id}/tally/events', target: 'a private draft', statuses: ownerOnly(200), stream: true, prepare: (ctx) => ({ path: doc(ctx.shared.draft, '/tally/events') }) },
  { route: 'GET /api/tally/events', target: 'the convention', statuses: signedIn(200), stream: true, prepare: () => ({ path: '/api/tally/events' }) },
  {
    route: 'POST /api/documents/{id}/signatures/paper',
    target: "entering the delegate's paper signature",
    statuses: staffOnly(201),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.submittedAmendment();
      return { path: doc(id, '/signatures/paper'), body: { memberId: ctx.delegateMemberId }, watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/signatures/{memberId}/strike',
    target: "striking the delegate's signature",
    statuses: staffOnly(200),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.signedBy('delegate');
      return { path: doc(id, `/signatures/${ctx.delegateMemberId}/strike`), body: { reason: 'Signed twice' }, watch: id };
    },
  },
  {
    route: 'POST /api/documents/{id}/signatures/{memberId}/restore',
    target: "restoring the delegate's struck signature",
    statuses: staffOnly(200),
    perCaller: true,
    prepare: async (ctx) => {
      const id = await ctx.fresh.struck();
      return { path: doc(id, `/signatures/${ctx.delegateMemberId}/restore`), body: { reason: 'Struck by mistake' }, watch: id };
    },
  },
  { route: 'GET /api/documents/{id}/signatures.csv', target: 'a submitted amendment', statuses: staffOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.submittedAmendment, '/signatures.csv') }) },
  { route: 'GET /api/tallies', target: 'the convention', statuses: staffOnly(200), prepare: () => ({ path: '/api/tallies' }) },
  { route: 'GET /api/tallies.csv', target: 'the convention', statuses: staffOnly(200), prepare: () => ({ path: '/api/tallies.csv' }) },
  {
    route: 'PUT /api/convention/rules',
    target: "the amendment rule, set to what it is",
    statuses: staffOnly(200),
    prepare: () => ({ path: '/api/convention/rules', body: { rules: { amendment: { signers: 'delegates', threshold: 20 } } } }),
  },
  { route: 'GET /api/audit/verify', target: 'the signature log', statuses: staffOnly(200), prepare: () => ({ path: '/api/audit/verify' }) },
  {
    route: 'POST /api/roster',
    target: 'a one-line roster, as a dry run',
    statuses: staffOnly(200),
    prepare: () => ({ path: '/api/roster?dryRun=true', body: 'member_id,name,email,chapter,good_standing,delegate\nM999001,Matrix Person,matrix@example.org,Buffalo,yes,no\n', contentType: 'text/csv' }),
  },
  {
    route: 'POST /api/roster',
    target: 'a one-line roster, imported',
    statuses: staffOnly(200),
    perCaller: true,
    prepare: (_ctx, caller) => ({ path: '/api/roster', body: `member_id,name,email,chapter,good_standing,delegate\nM999${String(CALLER_NUMBER[caller]).padStart(3, '0')},Matrix ${caller},matrix-${caller.toLowerCase()}@example.org,Buffalo,yes,no\n`, contentType: 'text/csv' }),
  },
  { route: 'GET /api/roster', target: 'the roster summary', statuses: staffOnly(200), prepare: () => ({ path: '/api/roster' }) },

  // Exports
  ...EXPORT_FORMATS.flatMap((format): MatrixRow[] => [
    { route: `GET /api/documents/{id}/export.${format}`, target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.smallDraft, `/export.${format}`) }) },
    { route: `GET /api/documents/{id}/redline.${format}`, target: 'a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: doc(ctx.shared.smallDraft, `/redline.${format}`) }) },
    { route: `GET /api/compare.${format}`, target: 'a submitted text against a private draft', statuses: ownerOnly(200), prepare: (ctx) => ({ path: `/api/compare.${format}?left=${ctx.shared.smallBase}&right=${ctx.shared.smallDraft}` }) },
  ]),
  { route: 'GET /api/documents/{id}/export.html', target: 'a submitted resolution', statuses: signedIn(200), prepare: (ctx) => ({ path: doc(ctx.shared.smallBase, '/export.html') }) },
  { route: 'POST /api/exports/packet', target: 'a Word packet', statuses: staffOnly(202), prepare: () => ({ path: '/api/exports/packet', body: { format: 'docx' } }) },
  { route: 'GET /api/exports/jobs/{id}', target: "staff's finished packet job", statuses: staffOnly(200), prepare: (ctx) => ({ path: `/api/exports/jobs/${ctx.shared.finishedJob}` }) },
  { route: 'GET /api/exports/jobs/{id}/download', target: "staff's finished packet", statuses: staffOnly(200), prepare: (ctx) => ({ path: `/api/exports/jobs/${ctx.shared.finishedJob}/download` }) },
  { route: 'GET /api/exports/openslides.csv', target: 'the convention', statuses: staffOnly(200), prepare: () => ({ path: '/api/exports/openslides.csv' }) },
];

/** A small number per caller, for unique roster member ids. */
const CALLER_NUMBER: Record<Caller, number> = { anonymous: 1, expired: 2, lapsed: 3, member: 4, delegate: 5, owner: 6, otherDrafter: 7, committee: 8, staff: 9 };

/** What the sync socket does for a caller: closes with 4401 or 4403, or opens and drops ('read') or applies ('write') their edits. */
export type SyncOutcome = 4401 | 4403 | 'read' | 'write';

export interface SyncRow {
  target: string;
  /** The document; `observer` is a caller who may follow it live, to see whether an edit landed. */
  prepare(ctx: MatrixContext): Promise<{ id: string; observer: Caller }>;
  outcomes: Record<Caller, SyncOutcome>;
}

const SIGNED_OUT_SOCKET = { anonymous: 4401, expired: 4401 } as const;

export const SYNC_ROWS: SyncRow[] = [
  {
    target: 'a private draft',
    prepare: async (ctx) => ({ id: await ctx.fresh.draft(), observer: 'owner' }),
    outcomes: { ...SIGNED_OUT_SOCKET, lapsed: 4403, member: 4403, delegate: 4403, owner: 'write', otherDrafter: 4403, committee: 4403, staff: 4403 },
  },
  {
    target: 'a submitted amendment (frozen: everyone reads, nobody writes)',
    prepare: async (ctx) => ({ id: await ctx.fresh.submittedAmendment(), observer: 'staff' }),
    outcomes: { ...SIGNED_OUT_SOCKET, lapsed: 'read', member: 'read', delegate: 'read', owner: 'read', otherDrafter: 'read', committee: 'read', staff: 'read' },
  },
  {
    target: "a submitted consensus text's working copy (its committee and staff)",
    prepare: async (ctx) => ({ id: await ctx.fresh.submittedConsensus(), observer: 'committee' }),
    outcomes: { ...SIGNED_OUT_SOCKET, lapsed: 4403, member: 4403, delegate: 4403, owner: 4403, otherDrafter: 4403, committee: 'write', staff: 'write' },
  },
];

import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DocumentIdParams, DocumentSummary, ErrorBody } from '../../shared/api';
import { blocksFromProseMirror, type PMNodeJSON } from '../../shared/text';
import { applyWordAmendment } from '../../shared/import/word-amendment';
import { contentKeepingBase } from '../../shared/import/base-content';
import { requireViewer } from '../auth/plugin';
import { conventionTime } from '../conventions/store';
import { ApiError, errors } from '../errors';
import { readableDocument, summarise } from '../documents/plugin';
import { createDraft } from '../documents/text';
import { actingCaucus, isPast } from '../documents/workflow';
import { openDocx } from './docx-package';
import { MAX_IMPORT_BYTES } from './limits';
import { readImportedFile } from './read-text';

/** Longest title accepted, as for a draft started in the browser. */
const MAX_TITLE_LENGTH = 300;
/** Most form fields besides the file: title, kind, caucusId, version, rationale. */
const MAX_FIELDS = 8;
/** Longest form field value (a rationale is the longest). */
const MAX_FIELD_BYTES = 20_000;

/** What a multipart import request carried. */
interface ImportForm {
  fileName: string;
  bytes: Uint8Array;
  fields: Record<string, string>;
}

function isMultipartError(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && !(error instanceof ApiError);
}

/** Reads the form: exactly one file under `file`, and short text fields. Multipart errors become the catalog's. */
async function readForm(request: FastifyRequest): Promise<ImportForm> {
  if (!request.isMultipart()) throw errors.badRequest('Send the file as multipart/form-data, in a field named "file".');
  const fields: Record<string, string> = {};
  let file: { fileName: string; bytes: Uint8Array } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          throw errors.badRequest('Send one file, in the field named "file".');
        }
        file = { fileName: part.filename || 'upload', bytes: new Uint8Array(await part.toBuffer()) };
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (isMultipartError(error) && error.code === 'FST_REQ_FILE_TOO_LARGE') throw errors.importTooLarge(`The file is larger than the ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB Plenary imports.`);
    if (isMultipartError(error)) throw errors.badRequest('The upload is not a valid multipart form.');
    throw error;
  }
  if (!file) throw errors.badRequest('Choose a file to import (the field named "file").');
  return { ...file, fields };
}

function titleField(fields: Record<string, string>): string | undefined {
  const title = fields.title?.trim();
  if (title === undefined || title === '') return undefined;
  if (title.length > MAX_TITLE_LENGTH) throw errors.badRequest(`The title is longer than ${MAX_TITLE_LENGTH} characters.`);
  return title;
}

/** The file's name without its ending, as a last resort for a title. */
function stem(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '').trim() || 'Imported text';
}

/** A document's JSON with its title block set to `title`. */
function withTitle(doc: PMNodeJSON, title: string): PMNodeJSON {
  const [first, ...rest] = doc.content ?? [];
  const titleNode: PMNodeJSON = { type: 'title', content: title ? [{ type: 'text', text: title }] : [] };
  return { ...doc, content: [titleNode, ...(first?.type === 'title' ? rest : [first, ...rest].filter(Boolean))] };
}

const ImportResponse = Type.Object({
  ...DocumentSummary.properties,
  warnings: Type.Array(Type.String(), { description: 'What the file held that a Plenary text does not (comments, images, fields), left out' }),
});

const AmendmentImportResponse = Type.Object({
  ...DocumentSummary.properties,
  warnings: Type.Array(Type.String()),
  applied: Type.Integer({ description: 'How many tracked changes (groups of changed paragraphs) were applied' }),
  unmatched: Type.Array(
    Type.Object({ original: Type.String(), changed: Type.String(), reason: Type.String() }),
    { description: 'Tracked changes to wording this version of the base does not have: listed, not applied' },
  ),
});

const importErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody };

/**
 * Texts in from outside: `POST /api/documents/import` starts a draft from a
 * Word, Markdown, plain-text or HTML file (the caller's caucus's, or its
 * committee's for a consensus text: exactly as `POST /api/documents` would),
 * and `POST /api/documents/:id/amendments/import` starts the caucus's
 * amendment from a Word file of that text with tracked changes. A file that
 * cannot be read creates nothing.
 */
export const importPlugin: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
  });

  app.post(
    '/api/documents/import',
    {
      schema: {
        tags: ['documents'],
        summary: 'Import a .docx, .md, .txt or .html file as a new draft (multipart: file; optional title, kind = resolution | consensus, caucusId)',
        consumes: ['multipart/form-data'],
        response: { 201: ImportResponse, ...importErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const form = await readForm(request);
      const kind = form.fields.kind ?? 'resolution';
      if (kind !== 'resolution' && kind !== 'consensus') throw errors.badRequest('kind is "resolution" or "consensus".');
      const caucusId = actingCaucus(viewer, form.fields.caucusId || undefined, kind === 'consensus' ? ['committee'] : ['caucus', 'committee']);
      const requestedTitle = titleField(form.fields);
      const text = await readImportedFile(form.fileName, form.bytes);
      const title = (requestedTitle ?? (text.title || stem(form.fileName))).slice(0, MAX_TITLE_LENGTH);
      const convention = await app.storage.conventions.current();
      const content = withTitle(text.doc.toJSON() as PMNodeJSON, title);
      const created = await createDraft(app, { conventionId: convention.id, kind, title, caucusId, createdBy: viewer.id }, content, `imported from ${form.fileName}`);
      return reply.code(201).send({ ...summarise(created, viewer), warnings: text.warnings });
    },
  );

  app.post(
    '/api/documents/:id/amendments/import',
    {
      schema: {
        tags: ['amendments'],
        summary: "Start an amendment from a Word file of this text with tracked changes (multipart: file; optional title, version, caucusId): the base with the file's changes applied",
        consumes: ['multipart/form-data'],
        params: DocumentIdParams,
        response: { 201: AmendmentImportResponse, ...importErrors },
      },
    },
    async (request, reply) => {
      const viewer = requireViewer(request);
      const base = await readableDocument(app, viewer, request.params.id);
      if (base.status === 'draft' || !base.code) throw errors.conflict('Only a published or submitted text can be amended.');
      if (base.status === 'withdrawn' || base.status === 'failed' || base.status === 'final') throw errors.conflict(`This text is ${base.status}; it can no longer be amended.`);
      const form = await readForm(request);
      const caucusId = actingCaucus(viewer, form.fields.caucusId || undefined, ['caucus', 'committee']);
      const convention = await app.storage.conventions.current();
      if (isPast(convention.submissionDeadline)) throw errors.deadlinePassed(`The deadline for amendments passed on ${conventionTime(convention, convention.submissionDeadline!)}.`);
      const versionField = form.fields.version?.trim();
      const version = versionField ? Number(versionField) : await app.storage.documents.latestVersion(base.id);
      if (!Number.isInteger(version) || version < 1) throw errors.badRequest('version is a version number (1, 2 ...).');
      const source = await app.storage.documents.version(base.id, version);
      if (!source) throw errors.notFound(`${base.code} has no version ${version}.`);
      if (!form.fileName.toLowerCase().endsWith('.docx')) throw errors.importUnsupported('An amendment is read from a Word (.docx) file with tracked changes.');
      if (form.bytes.length === 0) throw errors.importEmpty(`“${form.fileName}” is empty.`);
      const { trackedParagraphs } = await import('./tracked-docx'); // the XML reader loads on first use
      const paragraphs = trackedParagraphs(await openDocx(form.bytes));
      if (paragraphs.every((p) => p.runs.every((run) => run.text.trim() === ''))) throw errors.importEmpty(`“${form.fileName}” holds no text.`);
      const baseBlocks = blocksFromProseMirror(source.content);
      const result = applyWordAmendment(baseBlocks, paragraphs);
      const warnings: string[] = [];
      if (result.applied === 0 && result.unmatched.length === 0) warnings.push('The file has no tracked changes: the amendment starts as a plain copy of the text.');
      if (result.unmatched.length > 0) warnings.push(`${result.unmatched.length} tracked ${result.unmatched.length === 1 ? 'change does' : 'changes do'} not match ${base.code} v${version} and ${result.unmatched.length === 1 ? 'was' : 'were'} not applied.`);
      if (result.untrackedDifferences > 0) warnings.push(`${result.untrackedDifferences} ${result.untrackedDifferences === 1 ? 'paragraph differs' : 'paragraphs differ'} from ${base.code} v${version} without tracked changes; the text keeps what v${version} says there.`);
      const title = titleField(form.fields) ?? `${stem(form.fileName)}`.slice(0, MAX_TITLE_LENGTH);
      const created = await createDraft(
        app,
        { conventionId: convention.id, kind: 'amendment', title, caucusId, baseId: base.id, baseVersion: version, rationale: '', createdBy: viewer.id },
        contentKeepingBase(source.content, baseBlocks, result.blocks),
        `imported from Word against ${base.code} v${version}`,
      );
      return reply.code(201).send({ ...summarise(created, viewer), warnings, applied: result.applied, unmatched: result.unmatched });
    },
  );
};

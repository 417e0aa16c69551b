/**
 * The API's shapes as the browser app uses them: the static types of the
 * TypeBox schemas in `shared/api.ts`. Type-only re-exports, so the schemas
 * (and TypeBox) stay out of the browser bundle.
 */
import type { Static } from 'typebox';
import type { DocumentEventSchema } from '../shared/api';

export type {
  CaucusRef,
  CompareResponse,
  ConflictMapResponse,
  Convention,
  DocumentKind,
  DocumentStatus,
  DocumentSummary,
  DocumentText,
  ErrorBody as ApiErrorBody,
  FinalPreview,
  LoginResponse,
  RebaseProposal,
  TextRef,
  User,
  VersionSummary,
} from '../shared/api';

/** One entry of a document's history (`GET /api/documents/:id/events`). */
export type DocumentEvent = Static<typeof DocumentEventSchema>;

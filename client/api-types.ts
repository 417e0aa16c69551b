/**
 * The API's shapes as the browser app uses them: the static types of the
 * TypeBox schemas in `shared/api.ts`. Type-only re-exports, so the schemas
 * (and TypeBox) stay out of the browser bundle.
 */
export type {
  CaucusRef,
  Convention,
  DocumentKind,
  DocumentStatus,
  DocumentSummary,
  ErrorBody as ApiErrorBody,
  LoginResponse,
  User,
} from '../shared/api';

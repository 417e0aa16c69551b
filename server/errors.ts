/**
 * The one catalog of errors the API answers with. Every error a route raises
 * on purpose is one of these; the error handler turns it into
 * `{"error": {"code", "message"}}` with its status. Codes are stable: clients
 * and tests match on them.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorFactory = (message?: string) => ApiError;

function define(code: string, defaultMessage: string, statusCode: number): ErrorFactory {
  return (message = defaultMessage) => new ApiError(code, message, statusCode);
}

export const errors = {
  badRequest: define('BAD_REQUEST', 'The request is not valid.', 400),
  invalidCredentials: define('INVALID_CREDENTIALS', 'The email or password is wrong.', 401),
  unauthenticated: define('UNAUTHENTICATED', 'Sign in first.', 401),
  forbidden: define('FORBIDDEN', 'You do not have permission to do that.', 403),
  notEligible: define('NOT_ELIGIBLE', 'You are not eligible to sign this document.', 403),
  deadlinePassed: define('DEADLINE_PASSED', 'The deadline has passed.', 403),
  notFound: define('NOT_FOUND', 'Not found.', 404),
  conflict: define('CONFLICT', 'That conflicts with the current state.', 409),
  alreadySigned: define('ALREADY_SIGNED', 'You have already signed this document.', 409),
  notOpenForSignatures: define('NOT_OPEN_FOR_SIGNATURES', 'This text is not open for signatures.', 409),
  notSigned: define('NOT_SIGNED', 'You have not signed this document.', 404),
  signatureStruck: define('SIGNATURE_STRUCK', 'This signature was struck by convention staff.', 409),
  unknownMember: define('UNKNOWN_MEMBER', 'No one with that member id is on the roster.', 422),
  rosterInvalid: define('ROSTER_INVALID', 'The roster file has errors; nothing was imported.', 422),
  frozen: define('FROZEN', 'This text is submitted and frozen; publish a new version instead.', 409),
  payloadTooLarge: define('PAYLOAD_TOO_LARGE', 'The request body is too large.', 413),
  unprocessable: define('UNPROCESSABLE', 'The content cannot be processed.', 422),
  importUnreadable: define('IMPORT_UNREADABLE', 'Plenary cannot read this file; nothing was imported.', 422),
  importEmpty: define('IMPORT_EMPTY', 'The file holds no text; nothing was imported.', 422),
  importTooLarge: define('IMPORT_TOO_LARGE', 'The file is too large to import.', 413),
  importUnsupported: define('IMPORT_UNSUPPORTED', 'Plenary imports .docx, .md, .txt and .html files.', 415),
  upgradeRequired: define('UPGRADE_REQUIRED', 'This address is a WebSocket: open it with an upgrade request.', 426),
  rateLimited: define('RATE_LIMITED', 'Too many attempts; wait a minute and try again.', 429),
  internal: define('INTERNAL', 'Something went wrong on the server; nothing was changed.', 500),
} as const;

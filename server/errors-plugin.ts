import fp from 'fastify-plugin';
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError, errors } from './errors';

/** Fastify's own error codes for bad requests, in words a person can act on. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; JSON was expected.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'That content type is not accepted here.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its declared length.',
};

/**
 * One error handler for the whole API: every error leaves as
 * `{"error": {"code", "message"}}` with a fitting status; bad input is a 4xx,
 * never a 500, and no stack trace is ever sent.
 */
const errorHandling: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
    }
    if (error.validation) {
      const detail = error.message.replace(/^(body|querystring|params|headers)\/?/, '$1 ');
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: `Invalid request: ${detail}` } });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      const limited = errors.rateLimited();
      return reply.code(429).send({ error: { code: limited.code, message: limited.message } });
    }
    if (status >= 400 && status < 500) {
      const message = FASTIFY_MESSAGES[error.code] ?? error.message;
      return reply.code(status).send({ error: { code: error.code?.replace(/^FST_ERR_/, '') ?? 'BAD_REQUEST', message } });
    }
    request.log.error({ err: error }, 'request failed');
    const internal = errors.internal();
    return reply.code(500).send({ error: { code: internal.code, message: internal.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    // A page address typed or pasted without the app's "#" (e.g. /documents/abc) opens that page
    // in the browser app, whose own "not found" view has a way back; API callers get JSON.
    if (opensInBrowser(request)) return reply.redirect(`/#${request.url}`, 302);
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
};

/** A browser asking for a page (not the API, the sync socket or a file such as `/assets/x.js`): a GET or HEAD that accepts HTML. */
function opensInBrowser(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0]!;
  if (/^\/(api|sync)(\/|$)/.test(path) || /\.[a-z0-9]+$/i.test(path)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

export const errorsPlugin = fp(errorHandling, { name: 'plenary-errors' });

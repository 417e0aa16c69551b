import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { LoginBody, LoginResponse, MeResponse, ErrorBody } from '../../shared/api';
import { errors } from '../errors';
import { verifyPassword } from './passwords';
import { SESSION_COOKIE, SESSION_TTL_MS } from './sessions';
import type { Viewer } from './users';

/** The token a request carries: `Authorization: Bearer`, else the session cookie. */
export function requestToken(request: FastifyRequest): string | null {
  return bearerToken(request.headers.authorization) ?? request.cookies?.[SESSION_COOKIE] ?? null;
}

/** The token of raw headers (a sync socket's upgrade request, which Fastify does not parse): bearer, else the session cookie. */
export function tokenFrom(authorization: string | undefined, cookieHeader: string | undefined, parseCookie: (header: string) => Record<string, string | undefined>): string | null {
  return bearerToken(authorization) ?? (cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined) ?? null;
}

function bearerToken(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/** The signed-in viewer, or an UNAUTHENTICATED error. */
export function requireViewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw errors.unauthenticated();
  return request.viewer;
}

/** The signed-in staff member, or UNAUTHENTICATED / FORBIDDEN. */
export function requireStaff(request: FastifyRequest): Viewer {
  const viewer = requireViewer(request);
  if (!viewer.isStaff) throw errors.forbidden('Only convention staff may do that.');
  return viewer;
}

/** A dummy hash to verify against for unknown emails, so timing does not reveal which emails exist. */
const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    // Only the API needs to know who is asking; static files do not, and the sync socket authenticates itself (it also takes ?token=).
    if (!request.url.startsWith('/api/')) return;
    const userId = await app.storage.sessions.userIdFor(requestToken(request));
    request.viewer = userId ? await app.storage.users.viewer(userId) : null;
  });

  // Two limits: per address over all emails (before the body is parsed), and per
  // address and email (after it is). @fastify/rate-limit runs one limiter per
  // registration on a request, so the second lives in its own registration.
  const perAddress = app.rateLimit({ max: app.config.loginAttemptsPerAddressPerMinute, timeWindow: '1 minute' });
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/auth/login',
      {
        onRequest: perAddress,
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password',
          body: LoginBody,
          response: { 200: LoginResponse, 401: ErrorBody, 429: ErrorBody },
        },
        config: {
          rateLimit: {
            max: app.config.loginAttemptsPerMinute,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => {
              const email = (request.body as { email?: unknown } | undefined)?.email;
              return `${request.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
            },
          },
        },
      },
      async (request, reply) => {
        const user = await app.storage.users.byEmail(request.body.email);
        const ok = await verifyPassword(request.body.password, user?.password_hash ?? UNKNOWN_USER_HASH);
        if (!user || !ok) throw errors.invalidCredentials();
        const token = await app.storage.sessions.create(user.id);
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: app.config.secureCookies,
          maxAge: SESSION_TTL_MS / 1000,
        });
        return { token, user: (await app.storage.users.viewer(user.id))! };
      },
    );
  });

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const token = requestToken(request);
      if (token) await app.storage.sessions.delete(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: MeResponse, 401: ErrorBody } } },
    async (request) => ({ user: requireViewer(request) }),
  );
};

export const authPlugin = fp(auth, { name: 'plenary-auth', dependencies: ['plenary-db'] });

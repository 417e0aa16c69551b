import Fastify from 'fastify';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import staticFiles from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import './types';
import { resolveConfig, type AppConfig } from './config';
import { errorsPlugin } from './errors-plugin';
import { dbPlugin } from './db/plugin';
import { authPlugin } from './auth/plugin';
import { documentsPlugin } from './documents/plugin';
import { workflowPlugin } from './documents/workflow';
import { amendmentsPlugin } from './amendments/plugin';
import { amendmentAnalysisPlugin } from './amendments/analysis-plugin';
import { conventionsPlugin } from './conventions/plugin';
import { signaturesPlugin } from './signatures/plugin';
import { rosterPlugin } from './roster/plugin';
import { exportsPlugin } from './exports/plugin';
import { syncPlugin } from './sync/plugin';
import { isEmpty, seedDemoConvention } from './seed';
import { loadDemoConvention } from '../fixtures/index';

export type { BuildOptions } from './config';

/** Largest JSON body accepted: a pasted 10,000-word text is ~100 KB. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Builds the Plenary server: database, auth, the HTTP API with its OpenAPI
 * document, the sync WebSocket and the built browser app. Seeds the demo
 * convention into an empty database when `demo` is on. Call `listen()` on the
 * result; `close()` flushes every live document and closes the database.
 */
export async function build(options: Partial<AppConfig> = {}) {
  const config = resolveConfig(options);
  const app = Fastify({
    logger: config.logger,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('config', config);

  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Plenary API',
        version: '0.1.0',
        description: 'Convention resolutions, amendments, signatures and exports.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'plenary_session' } },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(dbPlugin);
  if (config.demo && isEmpty(app.db)) {
    seedDemoConvention(app.db, loadDemoConvention());
    app.log.info('loaded the demo convention into an empty database');
  }
  await app.register(authPlugin);
  await app.register(syncPlugin);

  app.get(
    '/api/health',
    { schema: { tags: ['meta'], summary: 'Liveness', response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async () => ({ ok: true }),
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(documentsPlugin);
  await app.register(workflowPlugin);
  await app.register(amendmentsPlugin);
  await app.register(amendmentAnalysisPlugin);
  await app.register(conventionsPlugin);
  await app.register(signaturesPlugin);
  await app.register(rosterPlugin);
  await app.register(exportsPlugin);
  // Only with REDIS_URL: one process imports nothing of the fan-out (nor ioredis).
  if (config.redisUrl) await app.register((await import('./fanout/plugin')).fanoutPlugin);

  if (existsSync(config.clientDir)) {
    await app.register(staticFiles, { root: config.clientDir, prefix: '/', wildcard: false });
  } else {
    app.log.warn(`no built client at ${config.clientDir}; run "npm run build" to serve the browser app`);
  }
  return app;
}

export type PlenaryApp = Awaited<ReturnType<typeof build>>;

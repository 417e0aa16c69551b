import Fastify from 'fastify';
import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import './types';
import { resolveConfig, type AppConfig } from './config';
import { errorsPlugin } from './errors-plugin';
import { serveClient } from './client-assets';
import { withRedaction } from './logging';
import { lazyCompilersFactory } from './lazy-compilers';
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
import { importPlugin } from './import/plugin';
import { syncPlugin } from './sync/plugin';
import { seedDemoConvention } from './seed';
import { loadDemoConvention } from '../fixtures/index';

export type { BuildOptions } from './config';

/** JSON answers smaller than this go uncompressed: the encoding's framing would eat the gain. */
const COMPRESS_THRESHOLD_BYTES = 1024;
/** Brotli quality for answers compressed per request: near gzip's speed, smaller output (11 is for the build's precompressed files). */
const DYNAMIC_BROTLI_QUALITY = 5;

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
    logger: withRedaction(config.logger),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: lazyCompilersFactory() },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('config', config);

  await app.register(errorsPlugin);
  // API answers (a text's JSON, the documents list) compressed per request; the app's own files are
  // precompressed at build time and served as they are (see client-assets.ts), which this leaves alone.
  await app.register(compress, {
    threshold: COMPRESS_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY } },
  });
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
  try {
    await registerCapabilities(app, config);
  } catch (error) {
    // A half-built app still holds what it opened (a PostgreSQL pool would keep the process alive).
    await app.close().catch(() => {});
    throw error;
  }
  return app;
}

/** The app as `build` makes it, before its capabilities are registered. */
type BareApp = ReturnType<ReturnType<typeof Fastify>['withTypeProvider<TypeBoxTypeProvider>']>;

/** Registers the database and every capability, in order (see `build`). */
async function registerCapabilities(app: BareApp, config: AppConfig): Promise<void> {
  await app.register(dbPlugin);
  if (config.demo && (await app.storage.conventions.isEmpty()) && (await seedDemoConvention(app.storage, loadDemoConvention()))) {
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
  await app.register(importPlugin);
  // Only with REDIS_URL: one process imports nothing of the fan-out (nor ioredis).
  if (config.redisUrl) await app.register((await import('./fanout/plugin')).fanoutPlugin);

  if (existsSync(config.clientDir)) {
    await serveClient(app, config.clientDir);
  } else {
    app.log.warn(`no built client at ${config.clientDir}; run "npm run build" to serve the browser app`);
  }
}

export type PlenaryApp = Awaited<ReturnType<typeof build>>;

import { resolve } from 'node:path';
import { MAX_SYNC_SOCKETS_PER_IP } from './sync/limits';
import { logFormatFromEnv, type LogFormat } from './logging';

/** How many sign-in attempts one address may make per minute for one email: slows guessing, not typos. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/**
 * Sign-in attempts one address may make per minute over all emails: stops one
 * machine cycling through accounts, while a venue's Wi-Fi behind one NAT can still
 * sign in ten delegates a second.
 */
export const LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 600;

/** What `build()` needs; every field has a default so tests pass only what they change. */
export interface AppConfig {
  /** Folder of the SQLite database (created if missing). */
  dataDir: string;
  /** Seed the demo convention into an empty database. */
  demo: boolean;
  /** pino logging: true for the default logger, false for none, or pino options (credentials are always redacted, see `server/logging.ts`). */
  logger: boolean | Record<string, unknown>;
  /** Folder of the built browser app; served when it exists. */
  clientDir: string;
  /** Sign-in attempts allowed per minute per address and email. */
  loginAttemptsPerMinute: number;
  /** Sign-in attempts allowed per minute per address, over all emails. */
  loginAttemptsPerAddressPerMinute: number;
  /** Set the session cookie with `Secure` (behind HTTPS). */
  secureCookies: boolean;
  /** Behind a reverse proxy: trust its X-Forwarded-For, so per-address limits count people, not the proxy. */
  trustProxy: boolean;
  /**
   * `DATABASE_URL` (postgres://...): the PostgreSQL database to store everything in,
   * instead of SQLite under `dataDir`; null for SQLite (the default).
   */
  databaseUrl: string | null;
  /** Concurrent sync sockets one address may hold; more are closed with 4429 (tests and benchmarks raise it). */
  maxSyncSocketsPerIp: number;
  /** `redis://...`: share live documents, presence and tallies with the other processes on this database (see README, "Running more than one server"); null for one process. */
  redisUrl: string | null;
}

export type BuildOptions = AppConfig;

/** Fills the defaults in. */
export function resolveConfig(options: Partial<AppConfig>): AppConfig {
  return {
    dataDir: resolve(options.dataDir ?? './data'),
    demo: options.demo ?? true,
    logger: options.logger ?? true,
    clientDir: resolve(options.clientDir ?? './dist/client'),
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? LOGIN_ATTEMPTS_PER_MINUTE,
    loginAttemptsPerAddressPerMinute: options.loginAttemptsPerAddressPerMinute ?? LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE,
    secureCookies: options.secureCookies ?? false,
    trustProxy: options.trustProxy ?? false,
    maxSyncSocketsPerIp: options.maxSyncSocketsPerIp ?? MAX_SYNC_SOCKETS_PER_IP,
    databaseUrl: options.databaseUrl ?? null,
    redisUrl: options.redisUrl ?? null,
  };
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`${name} must be a positive whole number, got "${value}"`);
  return number;
}

/** A REDIS_URL the client can use: `redis://` or `rediss://` (TLS). */
function redisUrl(value: string): string {
  if (!/^rediss?:\/\/./.test(value)) throw new RangeError(`REDIS_URL must start with redis:// or rediss://, got "${value}"`);
  return value;
}

/**
 * Reads the documented environment variables (see README: PORT, HOST, DATA_DIR, DEMO,
 * LOG_LEVEL, LOG_FORMAT, SECURE_COOKIES, TRUST_PROXY, SYNC_SOCKETS_PER_IP, DATABASE_URL, REDIS_URL).
 * `logFormat` is for the caller, which attaches the readable stream (`prettyStream`) when it is `pretty`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv, stdoutIsTerminal = false): { port: number; host: string; logFormat: LogFormat; options: Partial<AppConfig> } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be a port number, got "${env.PORT}"`);
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) throw new RangeError('DATABASE_URL must be a postgres:// URL (leave it unset to use SQLite under DATA_DIR)');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    logFormat: logFormatFromEnv(env, stdoutIsTerminal),
    options: {
      dataDir: env.DATA_DIR ?? './data',
      demo: env.DEMO !== '0',
      secureCookies: env.SECURE_COOKIES === '1',
      trustProxy: env.TRUST_PROXY === '1',
      ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(env.REDIS_URL ? { redisUrl: redisUrl(env.REDIS_URL) } : {}),
      ...(env.SYNC_SOCKETS_PER_IP ? { maxSyncSocketsPerIp: positiveInteger('SYNC_SOCKETS_PER_IP', env.SYNC_SOCKETS_PER_IP) } : {}),
      logger: env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL ?? 'info' },
    },
  };
}

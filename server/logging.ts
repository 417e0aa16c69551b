import type { Writable } from 'node:stream';

/** How log lines are written: one readable line each (a person at a terminal) or one JSON object each (a log collector). */
export type LogFormat = 'pretty' | 'json';

/** What every log line hides: the credentials a request can carry (see `redactUrl` for the sync socket's `?token=`). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body.password',
  'body.token',
  'token',
  'password',
];

/** Query parameters whose value is a secret: the sync socket's `?token=` (and any other spelling of one). */
const SECRET_QUERY_PARAMETER = /([?&](?:token|access_token|password|session)=)[^&#]*/gi;

/** A request URL with the value of every secret query parameter replaced by `[Redacted]`; other URLs come back unchanged. */
export function redactUrl(url: string): string {
  return url.includes('=') ? url.replace(SECRET_QUERY_PARAMETER, '$1[Redacted]') : url;
}

interface LoggedRequest {
  method: string;
  url: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

/** What a request log line says about its request: method, path (secrets hidden), client address; never headers. */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}

/**
 * The pino options every server logger gets, merged over the caller's (tests pass
 * a `stream` to read the lines): credentials are redacted, and a request is logged
 * by method, path and address only. `logger: false` stays off.
 */
export function withRedaction(logger: boolean | Record<string, unknown>): boolean | Record<string, unknown> {
  if (logger === false) return false;
  const options = logger === true ? {} : logger;
  const serializers = (options.serializers ?? {}) as Record<string, unknown>;
  return {
    ...options,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    serializers: { ...serializers, req: serializeRequest },
  };
}

/**
 * The log format from the environment: `LOG_FORMAT=json` or `pretty` when set,
 * else pretty only when stdout is a terminal (piped into a file or a collector, JSON).
 */
export function logFormatFromEnv(env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): LogFormat {
  const wanted = env.LOG_FORMAT?.toLowerCase();
  if (wanted === 'json' || wanted === 'pretty') return wanted;
  if (wanted) throw new RangeError(`LOG_FORMAT must be "json" or "pretty", got "${env.LOG_FORMAT}"`);
  return stdoutIsTerminal ? 'pretty' : 'json';
}

/**
 * A stream that writes each pino line as one readable line to stdout:
 * `12:04:31 INFO: request completed POST /api/auth/login 200`. Runs in this thread
 * (a pino transport would start a worker thread, ~16 MB); pino-pretty is
 * loaded only here, so JSON logging never loads it.
 */
export async function prettyStream(): Promise<Writable> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    colorize: true,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: '{msg}{if req} {req.method} {req.url}{end}{if res} {res.statusCode}{end}',
  });
}

/**
 * The platform's structured logger: pino writing one JSON object per line, every line carrying
 * the service and namespace, ISO timestamps and a string level. Known secret fields are
 * redacted at the top level and up to two objects deep, so logging a config, a request or a
 * connection record cannot leak a token, password or key.
 */
import { hostname } from 'node:os';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type { Logger };
export type LogLevel = LevelWithSilent;

/** Field names whose values are never written. Matching is exact (case-sensitive). */
export const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'token',
  'apiKey',
  'botToken',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'signingSecret',
  'privateKey',
  'secretKey',
  'KONSTRUCT_SECRET_KEY',
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'REDIS_URL',
] as const;

export const REDACTED = '[redacted]';

/** Redaction paths for every secret field at depth 0, 1 and 2 (`x`, `*.x`, `*.*.x`). */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const nested = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${nested}`, `*.*${nested}`];
});

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly service: string;
  readonly namespace: string;
  /** Where lines go; standard output when omitted (tests pass a stream to read them). */
  readonly destination?: DestinationStream;
}

export function createLogger({ level, service, namespace, destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service, namespace, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** What identifies one event in the logs; fields left undefined are omitted. */
export interface EventLogContext {
  readonly tenantId?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly traceId?: string | undefined;
  readonly eventId?: string | undefined;
  readonly eventType?: string | undefined;
}

/** A child logger whose every line names the event being handled. */
export function loggerForEvent(logger: Logger, context: EventLogContext): Logger {
  const bindings: Record<string, string> = {};
  for (const [field, value] of Object.entries(context)) {
    if (typeof value === 'string') bindings[field] = value;
  }
  return logger.child(bindings);
}

/**
 * The environment every service and the CLI share, with defaults that run against NATS,
 * Postgres and Redis on their standard local ports. `platformEnv` is the shape to spread;
 * `envSchema(shape)` turns a composed shape into the object schema `loadConfig` takes and adds
 * the checks that span variables (TLS certificate with its key, duplicate window within the
 * stream's max age, CA files only with TLS), so a service never loses them by composing its
 * own schema.
 */
import { z } from 'zod';
import {
  byteSizeOrUnlimitedVar,
  durationVar,
  integerVar,
  namespaceVar,
  secretKeyListVar,
  secretKeyVar,
  urlListVar,
  urlVar,
} from './env-fields.ts';

/** Raw defaults, as an operator would write them (also the documentation of each default). */
export const PLATFORM_ENV_DEFAULTS = {
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_SSL: 'disable',
  REDIS_URL: 'redis://127.0.0.1:6379',
  LOG_LEVEL: 'info',
  KONSTRUCT_NAMESPACE: 'konstruct',
  KONSTRUCT_STREAM_MAX_AGE: '0',
  KONSTRUCT_STREAM_MAX_BYTES: '-1',
  KONSTRUCT_STREAM_REPLICAS: '1',
  KONSTRUCT_DUPLICATE_WINDOW: '10m',
  OPS_PORT: '9464',
  SLACK_API_URL: 'https://slack.com/api/',
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DATABASE_SSL_MODES = ['disable', 'require', 'verify-full'] as const;
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];

const D = PLATFORM_ENV_DEFAULTS;
const NATS_PROTOCOLS = ['nats', 'tls', 'ws', 'wss'];
const POSTGRES_PROTOCOLS = ['postgres', 'postgresql'];
const SECRET_KEY_FIX =
  'set KONSTRUCT_SECRET_KEY to 32 random bytes in base64; generate one with `openssl rand -base64 32`';

export const platformEnv = {
  NATS_URL: urlListVar(NATS_PROTOCOLS, 'nats')
    .prefault(D.NATS_URL)
    .describe(`set NATS_URL to the NATS server(s), comma-separated, e.g. ${D.NATS_URL}`),
  NATS_TLS_CA_FILE: z
    .string()
    .optional()
    .describe('set NATS_TLS_CA_FILE to the PEM file of the CA that signed the NATS server cert'),
  NATS_TLS_CERT_FILE: z
    .string()
    .optional()
    .describe('set NATS_TLS_CERT_FILE to the client certificate PEM, with NATS_TLS_KEY_FILE'),
  NATS_TLS_KEY_FILE: z
    .string()
    .optional()
    .describe('set NATS_TLS_KEY_FILE to the client private key PEM, with NATS_TLS_CERT_FILE'),
  NATS_CREDS_FILE: z
    .string()
    .optional()
    .describe('set NATS_CREDS_FILE to a NATS .creds file (JWT + NKey seed), or leave it unset'),
  DATABASE_URL: urlVar(POSTGRES_PROTOCOLS)
    .prefault(D.DATABASE_URL)
    .describe(`set DATABASE_URL to the owner/migrator Postgres URL, e.g. ${D.DATABASE_URL}`),
  DATABASE_APP_URL: urlVar(POSTGRES_PROTOCOLS)
    .optional()
    .describe(
      'set DATABASE_APP_URL to the non-owner app role URL, e.g. postgres://konstruct_app:pw@127.0.0.1:5432/postgres, or leave it unset',
    ),
  DATABASE_SSL: z
    .enum(DATABASE_SSL_MODES, { error: `must be one of ${DATABASE_SSL_MODES.join(', ')}` })
    .prefault(D.DATABASE_SSL)
    .describe('set DATABASE_SSL to disable, require or verify-full'),
  DATABASE_SSL_CA_FILE: z
    .string()
    .optional()
    .describe('set DATABASE_SSL_CA_FILE to the PEM file of the CA that signed the Postgres cert'),
  REDIS_URL: urlVar(['redis', 'rediss'])
    .prefault(D.REDIS_URL)
    .describe(`set REDIS_URL to the Redis server, e.g. ${D.REDIS_URL} (rediss:// for TLS)`),
  REDIS_TLS_CA_FILE: z
    .string()
    .optional()
    .describe('set REDIS_TLS_CA_FILE to the PEM file of the CA that signed the Redis cert'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .prefault(D.LOG_LEVEL)
    .describe(`set LOG_LEVEL to one of ${LOG_LEVELS.join(', ')}`),
  KONSTRUCT_NAMESPACE: namespaceVar()
    .prefault(D.KONSTRUCT_NAMESPACE)
    .describe('set KONSTRUCT_NAMESPACE to a short lowercase name, e.g. konstruct or staging_eu'),
  KONSTRUCT_SECRET_KEY: secretKeyVar().optional().describe(SECRET_KEY_FIX),
  KONSTRUCT_SECRET_KEYS_PREVIOUS: secretKeyListVar()
    .optional()
    .describe(
      'set KONSTRUCT_SECRET_KEYS_PREVIOUS to the earlier keys (base64, comma-separated) after a rotation, or leave it unset',
    ),
  SLACK_API_URL: urlVar(['http', 'https'])
    .prefault(D.SLACK_API_URL)
    .describe(`set SLACK_API_URL to the Slack Web API base, e.g. ${D.SLACK_API_URL}`),
  KONSTRUCT_STREAM_MAX_AGE: durationVar()
    .prefault(D.KONSTRUCT_STREAM_MAX_AGE)
    .describe(
      'set KONSTRUCT_STREAM_MAX_AGE to how long events are kept, e.g. 400d (0 = forever, the default)',
    ),
  KONSTRUCT_STREAM_MAX_BYTES: byteSizeOrUnlimitedVar()
    .prefault(D.KONSTRUCT_STREAM_MAX_BYTES)
    .describe('set KONSTRUCT_STREAM_MAX_BYTES to a size such as 10GB, or -1 for unlimited'),
  KONSTRUCT_STREAM_REPLICAS: integerVar(1, 5)
    .prefault(D.KONSTRUCT_STREAM_REPLICAS)
    .describe('set KONSTRUCT_STREAM_REPLICAS to 1 (single server) or 3 (cluster), at most 5'),
  KONSTRUCT_DUPLICATE_WINDOW: durationVar(1)
    .prefault(D.KONSTRUCT_DUPLICATE_WINDOW)
    .describe(
      'set KONSTRUCT_DUPLICATE_WINDOW to the publish dedup window, e.g. 10m (longer than Slack retries an event)',
    ),
  OPS_PORT: integerVar(0, 65_535)
    .prefault(D.OPS_PORT)
    .describe('set OPS_PORT to a free TCP port for /healthz, /readyz and /metrics (0 = any)'),
};

/** Makes `KONSTRUCT_SECRET_KEY` required, for the services that encrypt or sign with it. */
export const secretKeyEnv = {
  KONSTRUCT_SECRET_KEY: secretKeyVar().describe(SECRET_KEY_FIX),
};

/**
 * An object schema for `loadConfig` from env shapes, with the checks that span variables; use it
 * to compose, e.g. `envSchema({ ...platformEnv, ...secretKeyEnv, SLACK_SIGNING_SECRET: … })`.
 * The checks run even when other variables failed, so one `ConfigError` names everything.
 */
export function envSchema<Shape extends z.core.$ZodShape>(shape: Shape) {
  return z.object(shape).superRefine(checkAcrossVariables, {
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
}

/** The shared platform environment as a ready schema: `loadConfig(platformEnvSchema)`. */
export const platformEnvSchema = envSchema(platformEnv);

export type PlatformConfig = z.output<typeof platformEnvSchema>;

/** What parsed so far: checks run even when other variables failed, so guard every type. */
type ParsedSoFar = Readonly<Record<string, unknown>>;
type Issue = { readonly variable: string; readonly message: string };

function checkAcrossVariables(config: ParsedSoFar, ctx: z.RefinementCtx): void {
  const issues = [
    ...clientCertificateIssues(config),
    ...duplicateWindowIssues(config),
    ...caFileIssues(config),
  ];
  for (const { variable, message } of issues) {
    ctx.addIssue({ code: 'custom', path: [variable], message });
  }
}

function clientCertificateIssues(config: ParsedSoFar): Issue[] {
  const cert = config.NATS_TLS_CERT_FILE !== undefined;
  const key = config.NATS_TLS_KEY_FILE !== undefined;
  if (cert === key) return [];
  const [missing, present] = cert
    ? ['NATS_TLS_KEY_FILE', 'NATS_TLS_CERT_FILE']
    : ['NATS_TLS_CERT_FILE', 'NATS_TLS_KEY_FILE'];
  return [
    {
      variable: missing,
      message: `is not set but ${present} is; a client certificate and its key go together`,
    },
  ];
}

function duplicateWindowIssues(config: ParsedSoFar): Issue[] {
  const maxAge = config.KONSTRUCT_STREAM_MAX_AGE;
  const window = config.KONSTRUCT_DUPLICATE_WINDOW;
  if (typeof maxAge !== 'number' || typeof window !== 'number') return [];
  if (maxAge === 0 || window <= maxAge) return [];
  return [
    {
      variable: 'KONSTRUCT_DUPLICATE_WINDOW',
      message: 'is longer than KONSTRUCT_STREAM_MAX_AGE; the dedup window must fit in it',
    },
  ];
}

/** A CA file for a connection that does not use TLS is a sign the URL or mode is wrong. */
function caFileIssues(config: ParsedSoFar): Issue[] {
  const issues: Issue[] = [];
  const redisUrl = config.REDIS_URL;
  if (
    config.REDIS_TLS_CA_FILE !== undefined &&
    typeof redisUrl === 'string' &&
    !redisUrl.toLowerCase().startsWith('rediss://')
  ) {
    issues.push({
      variable: 'REDIS_TLS_CA_FILE',
      message: 'is set but REDIS_URL does not use TLS (rediss://)',
    });
  }
  if (config.DATABASE_SSL_CA_FILE !== undefined && config.DATABASE_SSL === 'disable') {
    issues.push({
      variable: 'DATABASE_SSL_CA_FILE',
      message: 'is set but DATABASE_SSL is disable',
    });
  }
  return issues;
}

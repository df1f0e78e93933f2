import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';
import { envSchema, platformEnv, platformEnvSchema, secretKeyEnv } from './platform-env.ts';

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const serviceSchema = envSchema({ ...platformEnv, ...secretKeyEnv });
const validKey = randomBytes(32).toString('base64');

describe('platformEnv', () => {
  it('has working local defaults for every variable', () => {
    expect(loadConfig(platformEnvSchema, {})).toEqual({
      NATS_URL: ['nats://127.0.0.1:4222'],
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      DATABASE_SSL: 'disable',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'info',
      KONSTRUCT_NAMESPACE: 'konstruct',
      KONSTRUCT_STREAM_MAX_AGE: 0,
      KONSTRUCT_STREAM_MAX_BYTES: -1,
      KONSTRUCT_STREAM_REPLICAS: 1,
      KONSTRUCT_DUPLICATE_WINDOW: 600_000,
      OPS_PORT: 9464,
      SLACK_API_URL: 'https://slack.com/api/',
    });
  });

  it('checks every previous secret key, naming the one at fault', () => {
    const good = Buffer.alloc(32, 1).toString('base64');
    const bad = Buffer.alloc(16, 1).toString('base64');
    expect(() =>
      loadConfig(platformEnvSchema, { KONSTRUCT_SECRET_KEYS_PREVIOUS: `${good},${bad}` }),
    ).toThrow(/KONSTRUCT_SECRET_KEYS_PREVIOUS.*key 2 decodes to 16 bytes/s);
    expect(
      loadConfig(platformEnvSchema, { KONSTRUCT_SECRET_KEYS_PREVIOUS: `${good}, ${good}` })
        .KONSTRUCT_SECRET_KEYS_PREVIOUS,
    ).toBe(`${good}, ${good}`);
  });

  it('parses every variable when set', () => {
    const config = loadConfig(serviceSchema, {
      NATS_URL: 'nats://a:4222, tls://b:4222,c:4222',
      NATS_TLS_CERT_FILE: '/tls/client.pem',
      NATS_TLS_KEY_FILE: '/tls/client.key',
      REDIS_URL: 'rediss://cache:6380',
      KONSTRUCT_STREAM_MAX_AGE: '30d',
      KONSTRUCT_STREAM_MAX_BYTES: '10GB',
      KONSTRUCT_STREAM_REPLICAS: '3',
      KONSTRUCT_DUPLICATE_WINDOW: '5m',
      KONSTRUCT_SECRET_KEY: validKey,
      OPS_PORT: '0',
    });
    expect(config.NATS_URL).toEqual(['nats://a:4222', 'tls://b:4222', 'c:4222']);
    expect(config.KONSTRUCT_STREAM_MAX_AGE).toBe(30 * 86_400_000);
    expect(config.KONSTRUCT_STREAM_MAX_BYTES).toBe(10 * 1024 ** 3);
    expect(config.KONSTRUCT_STREAM_REPLICAS).toBe(3);
    expect(config.KONSTRUCT_DUPLICATE_WINDOW).toBe(300_000);
    expect(config.KONSTRUCT_SECRET_KEY).toBe(validKey);
    expect(config.OPS_PORT).toBe(0);
  });

  it('names every invalid variable in one error, each with its fix', () => {
    const invalid = {
      NATS_URL: 'http://nats:4222',
      DATABASE_URL: 'mysql://db',
      DATABASE_APP_URL: 'not a url',
      DATABASE_SSL: 'yes',
      REDIS_URL: 'memcached://cache',
      LOG_LEVEL: 'loud',
      KONSTRUCT_NAMESPACE: 'Bad:Namespace',
      KONSTRUCT_SECRET_KEY: 'c2hvcnQ=',
      KONSTRUCT_STREAM_MAX_AGE: 'forever',
      KONSTRUCT_STREAM_MAX_BYTES: 'lots',
      KONSTRUCT_STREAM_REPLICAS: '7',
      KONSTRUCT_DUPLICATE_WINDOW: '0',
      OPS_PORT: '70000',
      NATS_TLS_CERT_FILE: '/tls/client.pem',
    };
    const error = configErrorOf(() => loadConfig(serviceSchema, invalid));
    const named = error.problems.map((p) => p.variable);
    expect(new Set(named)).toEqual(
      new Set([
        ...Object.keys(invalid).filter((n) => n !== 'NATS_TLS_CERT_FILE'),
        'NATS_TLS_KEY_FILE',
      ]),
    );
    expect(error.message.split('\n')).toHaveLength(named.length + 1);
    for (const problem of error.problems) {
      expect(problem.fix).toMatch(new RegExp(`^set ${problem.variable} `));
      expect(error.message).toContain(
        `  ${problem.variable}: ${problem.problem}; fix: ${problem.fix}`,
      );
    }
  });

  it('never echoes a secret key value in the message', () => {
    const secret = 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0';
    const error = configErrorOf(() => loadConfig(serviceSchema, { KONSTRUCT_SECRET_KEY: secret }));
    expect(error.message).not.toContain(secret);
  });
});

describe('KONSTRUCT_SECRET_KEY', () => {
  it('is optional in platformEnv and required with secretKeyEnv', () => {
    expect(loadConfig(platformEnvSchema, {}).KONSTRUCT_SECRET_KEY).toBeUndefined();
    const error = configErrorOf(() => loadConfig(serviceSchema, {}));
    expect(error.problems).toEqual([
      expect.objectContaining({ variable: 'KONSTRUCT_SECRET_KEY', problem: 'is not set' }),
    ]);
    expect(error.message).toContain('openssl rand -base64 32');
  });

  it.each([16, 31, 33, 64])('rejects a key that decodes to %d bytes', (length) => {
    const key = randomBytes(length).toString('base64');
    const error = configErrorOf(() => loadConfig(serviceSchema, { KONSTRUCT_SECRET_KEY: key }));
    expect(error.problems[0]?.problem).toBe(
      `decodes to ${length} bytes but must decode to exactly 32`,
    );
  });

  it('rejects text that is not base64', () => {
    const error = configErrorOf(() =>
      loadConfig(serviceSchema, { KONSTRUCT_SECRET_KEY: `${validKey.slice(0, 40)}!!!!` }),
    );
    expect(error.problems[0]?.problem).toBe('is not valid base64');
  });
});

describe('checks across variables', () => {
  it('requires the NATS client key with the client certificate, and vice versa', () => {
    const onlyKey = configErrorOf(() =>
      loadConfig(platformEnvSchema, { NATS_TLS_KEY_FILE: '/tls/client.key' }),
    );
    expect(onlyKey.problems.map((p) => p.variable)).toEqual(['NATS_TLS_CERT_FILE']);
  });

  it('requires the duplicate window to fit in the stream max age, unless kept forever', () => {
    const tooLong = { KONSTRUCT_STREAM_MAX_AGE: '1m', KONSTRUCT_DUPLICATE_WINDOW: '2m' };
    const error = configErrorOf(() => loadConfig(platformEnvSchema, tooLong));
    expect(error.problems.map((p) => p.variable)).toEqual(['KONSTRUCT_DUPLICATE_WINDOW']);
    const forever = { KONSTRUCT_STREAM_MAX_AGE: '0', KONSTRUCT_DUPLICATE_WINDOW: '2m' };
    expect(loadConfig(platformEnvSchema, forever).KONSTRUCT_STREAM_MAX_AGE).toBe(0);
  });

  it('refuses a CA file for a connection that does not use TLS', () => {
    const error = configErrorOf(() =>
      loadConfig(platformEnvSchema, {
        REDIS_TLS_CA_FILE: '/tls/redis-ca.pem',
        DATABASE_SSL_CA_FILE: '/tls/pg-ca.pem',
      }),
    );
    expect(error.problems.map((p) => p.variable)).toEqual([
      'DATABASE_SSL_CA_FILE',
      'REDIS_TLS_CA_FILE',
    ]);
    const tls = loadConfig(platformEnvSchema, {
      REDIS_URL: 'rediss://cache:6380',
      REDIS_TLS_CA_FILE: '/tls/redis-ca.pem',
      DATABASE_SSL: 'verify-full',
      DATABASE_SSL_CA_FILE: '/tls/pg-ca.pem',
    });
    expect(tls.REDIS_TLS_CA_FILE).toBe('/tls/redis-ca.pem');
  });

  it('still apply when a service composes its own variables', () => {
    const schema = envSchema({ ...platformEnv, SLACK_SIGNING_SECRET: z.string() });
    const error = configErrorOf(() => loadConfig(schema, { NATS_TLS_CERT_FILE: '/c.pem' }));
    expect(error.problems.map((p) => p.variable)).toEqual([
      'NATS_TLS_KEY_FILE',
      'SLACK_SIGNING_SECRET',
    ]);
  });
});

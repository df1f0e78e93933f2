/**
 * The projector's settings: defaults when unset, and a bad value named with its fix.
 */
import { ConfigError, loadConfig } from '@konstruct/config';
import { describe, expect, test } from 'vitest';
import { projectorEnvSchema, projectorSettings } from './config.ts';

describe('projector settings', () => {
  test('default to batches of 500 gathered for 20 ms and 5 attempts', () => {
    expect(projectorSettings(loadConfig(projectorEnvSchema, {}))).toEqual({
      batchSize: 500,
      batchLingerMs: 20,
      maxAttempts: 5,
    });
  });

  test('read PROJECTOR_BATCH_SIZE, PROJECTOR_BATCH_LINGER_MS and PROJECTOR_MAX_ATTEMPTS', () => {
    const env = {
      PROJECTOR_BATCH_SIZE: '50',
      PROJECTOR_BATCH_LINGER_MS: '0',
      PROJECTOR_MAX_ATTEMPTS: '2',
    };
    expect(projectorSettings(loadConfig(projectorEnvSchema, env))).toEqual({
      batchSize: 50,
      batchLingerMs: 0,
      maxAttempts: 2,
    });
  });

  test('name a bad linger and its fix', () => {
    const attempt = () => loadConfig(projectorEnvSchema, { PROJECTOR_BATCH_LINGER_MS: '5000' });
    expect(attempt).toThrow(/PROJECTOR_BATCH_LINGER_MS.*set PROJECTOR_BATCH_LINGER_MS/s);
  });

  test('name a bad batch size and its fix', () => {
    const attempt = () => loadConfig(projectorEnvSchema, { PROJECTOR_BATCH_SIZE: '0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PROJECTOR_BATCH_SIZE.*1 to 5000.*set PROJECTOR_BATCH_SIZE/s);
  });
});

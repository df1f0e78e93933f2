/**
 * The projector's settings: defaults when unset, and a bad value named with its fix.
 */
import { ConfigError, loadConfig } from '@konstruct/config';
import { describe, expect, test } from 'vitest';
import { projectorEnvSchema, projectorSettings } from './config.ts';

describe('projector settings', () => {
  test('default to batches of 500 and 5 attempts', () => {
    expect(projectorSettings(loadConfig(projectorEnvSchema, {}))).toEqual({
      batchSize: 500,
      maxAttempts: 5,
    });
  });

  test('read PROJECTOR_BATCH_SIZE and PROJECTOR_MAX_ATTEMPTS', () => {
    const env = { PROJECTOR_BATCH_SIZE: '50', PROJECTOR_MAX_ATTEMPTS: '2' };
    expect(projectorSettings(loadConfig(projectorEnvSchema, env))).toEqual({
      batchSize: 50,
      maxAttempts: 2,
    });
  });

  test('name a bad batch size and its fix', () => {
    const attempt = () => loadConfig(projectorEnvSchema, { PROJECTOR_BATCH_SIZE: '0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PROJECTOR_BATCH_SIZE.*1 to 5000.*set PROJECTOR_BATCH_SIZE/s);
  });
});

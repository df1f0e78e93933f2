import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { configurationProblem } from './configuration-problem.ts';
import { loadConfig } from './load-config.ts';
import { envSchema } from './platform-env.ts';

const schema = envSchema({
  NEEDED_SECRET: z.string().min(1).describe('set NEEDED_SECRET to the secret, e.g. s3cr3t'),
});

describe('configurationProblem', () => {
  test('is undefined when the settings can be read', () => {
    expect(configurationProblem(() => loadConfig(schema, { NEEDED_SECRET: 'x' }))).toBeUndefined();
  });

  test('names the fix of every missing variable in one sentence', () => {
    expect(configurationProblem(() => loadConfig(schema, {}))).toBe(
      'set NEEDED_SECRET to the secret, e.g. s3cr3t',
    );
  });

  test('rethrows anything that is not a configuration error', () => {
    expect(() =>
      configurationProblem(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow('a bug');
  });
});

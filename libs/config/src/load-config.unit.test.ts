import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

const schema = z.object({
  APP_PORT: z.coerce.number().int().prefault('8080').describe('set APP_PORT to a TCP port'),
  APP_NAME: z.string().describe('set APP_NAME to the display name, e.g. Konstruct'),
  APP_MODE: z.enum(['a', 'b']).optional(),
});

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns the parsed, typed config', () => {
    const config = loadConfig(schema, { APP_NAME: 'K', APP_PORT: '9000', APP_MODE: 'b' });
    expect(config).toEqual({ APP_NAME: 'K', APP_PORT: 9000, APP_MODE: 'b' });
  });

  it('treats an empty string as unset, so the default applies', () => {
    expect(loadConfig(schema, { APP_NAME: 'K', APP_PORT: '' }).APP_PORT).toBe(8080);
  });

  it('reads only the variables the schema declares', () => {
    const config = loadConfig(schema, { APP_NAME: 'K', UNRELATED: 'x' });
    expect(Object.keys(config).sort()).toEqual(['APP_NAME', 'APP_PORT']);
  });

  it('names every problem at once, one line per variable, with its fix', () => {
    const error = problemsOf(() => loadConfig(schema, { APP_PORT: 'abc', APP_MODE: 'c' }));
    expect(error.code).toBe('InvalidConfig');
    expect(error.problems.map((p) => p.variable)).toEqual(['APP_PORT', 'APP_NAME', 'APP_MODE']);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (3 problems):');
    expect(lines[2]).toBe(
      '  APP_NAME: is not set; fix: set APP_NAME to the display name, e.g. Konstruct',
    );
    expect(lines[1]).toContain('fix: set APP_PORT to a TCP port');
    expect(lines[3]).toMatch(/^ {2}APP_MODE: /);
  });

  it('treats an empty required variable as not set', () => {
    const error = problemsOf(() => loadConfig(schema, { APP_NAME: '' }));
    expect(error.problems).toEqual([
      {
        variable: 'APP_NAME',
        problem: 'is not set',
        fix: 'set APP_NAME to the display name, e.g. Konstruct',
      },
    ]);
  });
});

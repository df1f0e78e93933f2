/**
 * The projections by name: every event type the contract stores is read by at least the
 * projections that need it, names are unique, and unknown names are a typed error.
 */
import { describe, expect, test } from 'vitest';
import { retryDelay } from './batch-retry.ts';
import { allProjections, projectionNames, selectProjections } from './projection-registry.ts';

describe('the projection registry', () => {
  test('has unique names and owns each table once', () => {
    expect(new Set(projectionNames).size).toBe(projectionNames.length);
    const tables = allProjections.flatMap((p) => p.tables);
    expect(new Set(tables).size).toBe(tables.length);
  });

  test('selects by name in registry order; all when no name is given', () => {
    expect(selectProjections(['usage', 'tenants']).map((p) => p.name)).toEqual([
      'tenants',
      'usage',
    ]);
    expect(selectProjections([])).toBe(allProjections);
  });

  test('refuses unknown names with UnknownProjection, listing the known ones', () => {
    expect(() => selectProjections(['usage', 'nope'])).toThrow(
      expect.objectContaining({
        code: 'UnknownProjection',
        message: expect.stringMatching(/nope.*known: tenants/),
      }),
    );
  });
});

describe('retryDelay', () => {
  test('walks the back-off list and stays on its last step', () => {
    expect([1, 2, 3, 9].map((attempt) => retryDelay([10, 20, 30], attempt))).toEqual([
      10, 20, 30, 30,
    ]);
  });
});

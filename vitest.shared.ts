/**
 * One vitest configuration for every package. Tests are tiered by file suffix
 * (`*.unit.test.ts`, `*.int.test.ts`, `*.e2e.test.ts`) so a tier runs alone with a
 * filename filter, e.g. `vitest run .unit.test`.
 * Each package writes a JSON report to its own `reports/vitest.json`;
 * `scripts/test-totals.ts` adds them up for CI.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.{unit,int,e2e}.test.ts', 'test/**/*.{unit,int,e2e}.test.ts'],
    globalSetup: [new URL('./libs/testing/src/global-setup.ts', import.meta.url).pathname],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});

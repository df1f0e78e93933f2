/**
 * Adds up the vitest JSON reports every package wrote (`<package>/reports/vitest.json`) and
 * prints one plain line `N passed, N failed[, N skipped]`. Exits non-zero when no test ran or
 * any failed, so CI can never pass on an empty run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number().default(0),
  numFailedTestSuites: z.number().default(0),
});

function reportFiles(): string[] {
  const found: string[] = [];
  for (const group of ['schemas', 'libs', 'services']) {
    const candidates =
      group === 'schemas' ? ['schemas'] : readdirSync(group).map((name) => join(group, name));
    for (const dir of candidates) {
      const file = join(dir, 'reports', 'vitest.json');
      try {
        if (statSync(file).isFile()) found.push(file);
      } catch {
        // this package wrote no report: it has no tests or its run did not start
      }
    }
  }
  return found;
}

let passed = 0;
let failed = 0;
let skipped = 0;
let failedSuites = 0;
for (const file of reportFiles()) {
  const report = VitestReport.parse(JSON.parse(readFileSync(file, 'utf8')));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  failedSuites += report.numFailedTestSuites;
}
const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
process.stdout.write(`${line}\n`);
if (failedSuites > 0) process.stderr.write(`${failedSuites} test file(s) failed to run\n`);
process.exitCode = passed === 0 || failed > 0 || failedSuites > 0 ? 1 : 0;

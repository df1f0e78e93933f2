/**
 * `konstruct doctor`: checks NATS (with JetStream), Postgres (migrations, app role) and Redis,
 * prints what it found and, for anything wrong, exactly what to do. Exits 1 when any check fails.
 */
import type { PlatformConfig } from '@konstruct/config';
import type { Output } from '../cli-output.ts';
import type { CheckResult } from '../doctor/check-result.ts';
import { checkNats } from '../doctor/nats-check.ts';
import { checkPostgres } from '../doctor/postgres-check.ts';
import { checkRedis } from '../doctor/redis-check.ts';

export async function runDoctor(
  config: PlatformConfig,
  options: { readonly json?: boolean },
  output: Output,
): Promise<boolean> {
  const groups = await Promise.all([checkNats(config), checkPostgres(config), checkRedis(config)]);
  const results: CheckResult[] = groups.flat();
  const healthy = results.every((result) => result.ok);
  if (options.json) {
    output.json({ ok: healthy, namespace: config.KONSTRUCT_NAMESPACE, checks: results });
    return healthy;
  }
  for (const result of results) {
    output.line(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name.padEnd(18)} ${result.detail}`);
    if (result.fix !== undefined) output.line(`      ${''.padEnd(18)} fix: ${result.fix}`);
  }
  output.line(healthy ? 'all checks passed' : 'some checks failed; see the fixes above');
  return healthy;
}

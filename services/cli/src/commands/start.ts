/**
 * `konstruct start [service…]`: runs the named services (default: all) in this process until
 * SIGTERM or SIGINT, then stops them gracefully (in-flight work finishes first).
 */
import type { PlatformConfig } from '@konstruct/config';
import { runPlatform, stopOnSignals } from '@konstruct/runtime';
import { CliError, type Output } from '../cli-output.ts';
import { serviceCatalog } from '../service-catalog.ts';

export async function runStart(config: PlatformConfig, names: readonly string[], output: Output) {
  const known = new Map(serviceCatalog.map((service) => [service.name, service]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const available = [...known.keys()].join(', ') || '(none yet)';
    throw new CliError(
      'UnknownService',
      `unknown service ${unknown.join(', ')}; available: ${available}`,
    );
  }
  const services =
    names.length === 0 ? serviceCatalog : names.flatMap((name) => known.get(name) ?? []);
  const allInOne = names.length !== 1;
  const processName = allInOne ? 'platform' : (names[0] ?? 'platform');
  const platform = await runPlatform({
    config,
    services,
    processName,
    connections: allInOne ? ['postgres', 'redis'] : [],
  });
  output.problem(
    `konstruct running (${services.map((s) => s.name).join(', ') || 'streams and ops endpoints only'}); ops on :${platform.opsPort}; Ctrl-C to stop`,
  );
  await stopOnSignals(platform);
}

/**
 * `konstruct start [service…]`: runs the named services (default: all) in this process until
 * SIGTERM or SIGINT (one during the start is held until it is up), then stops them gracefully
 * (in-flight work finishes first) and ends the process even if a handle was left open. With no names,
 * a service its environment does not configure (no Slack signing secret, no LLM provider) is
 * left out with a line saying what to set, so the rest of the platform still runs; a service
 * named explicitly must be configured.
 */
import type { PlatformConfig } from '@konstruct/config';
import { runPlatform, stopOnSignals, watchStopSignals } from '@konstruct/runtime';
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
  const chosen =
    names.length === 0 ? serviceCatalog : names.flatMap((name) => known.get(name) ?? []);
  const problems = chosen.flatMap((service) => {
    const problem = service.configurationProblem?.();
    return problem === undefined ? [] : [{ name: service.name, problem }];
  });
  if (names.length > 0 && problems.length > 0) {
    throw new CliError(
      'ServiceNotConfigured',
      problems.map(({ name, problem }) => `${name} cannot start: ${problem}`).join('; '),
    );
  }
  for (const { name, problem } of problems) {
    output.problem(`${name} not started: ${problem}`);
  }
  const skipped = new Set(problems.map(({ name }) => name));
  const services = chosen.filter((service) => !skipped.has(service.name));
  const allInOne = names.length !== 1;
  const processName = allInOne ? 'platform' : (names[0] ?? 'platform');
  // listening before the start: a signal while starting is held until the platform is up, then
  // it stops gracefully (a supervisor may signal as soon as it reads the line below)
  const signals = watchStopSignals();
  const platform = await runPlatform({
    config,
    services,
    processName,
    connections: allInOne ? ['postgres', 'redis'] : [],
  }).catch((error: unknown) => {
    signals.stopListening();
    throw error;
  });
  const stopped = stopOnSignals(platform, signals);
  output.problem(
    `konstruct running (${services.map((s) => s.name).join(', ') || 'streams and ops endpoints only'}); ops on :${platform.opsPort}; Ctrl-C to stop`,
  );
  await stopped;
}

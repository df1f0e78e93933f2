/**
 * Whether a service's settings can be read from the environment, as one sentence for
 * `konstruct start` to print when it leaves the service out (see ServiceDefinition's
 * `configurationProblem`). Only a `ConfigError` is a configuration problem; anything else is a
 * bug and is thrown.
 */
import { ConfigError } from './config-error.ts';

export function configurationProblem(readSettings: () => unknown): string | undefined {
  try {
    readSettings();
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems
        .map(({ variable, problem, fix }) => fix ?? `${variable} ${problem}`)
        .join('; ');
    }
    throw error;
  }
}

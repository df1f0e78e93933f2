/**
 * The projector's own settings (besides the platform's): how many events one transaction applies,
 * how long a batch gathers events, and how often one event may fail before it is dead-lettered.
 * Parsed once with zod, every bad variable named with its fix.
 */
import { envSchema, integerVar, platformEnv } from '@konstruct/config';
import type { z } from 'zod';

export const projectorEnv = {
  PROJECTOR_BATCH_SIZE: integerVar(1, 5_000)
    .prefault('500')
    .describe(
      'set PROJECTOR_BATCH_SIZE to the most events applied per transaction (1–5000), e.g. 500',
    ),
  PROJECTOR_BATCH_LINGER_MS: integerVar(0, 1_000)
    .prefault('20')
    .describe(
      'set PROJECTOR_BATCH_LINGER_MS to how long a batch gathers events after its first one, in ms (0–1000; 0: none), e.g. 20',
    ),
  PROJECTOR_MAX_ATTEMPTS: integerVar(1, 100)
    .prefault('5')
    .describe(
      'set PROJECTOR_MAX_ATTEMPTS to how often an event may fail before it is dead-lettered, e.g. 5',
    ),
};

/** The projector's variables alone (`konstruct start projector` reads them at start). */
export const projectorEnvSchema = envSchema(projectorEnv);

/** The platform's variables plus the projector's (its own process, `src/main.ts`). */
export const projectorProcessEnvSchema = envSchema({ ...platformEnv, ...projectorEnv });

export interface ProjectorSettings {
  readonly batchSize: number;
  readonly batchLingerMs: number;
  readonly maxAttempts: number;
}

export function projectorSettings(config: z.output<typeof projectorEnvSchema>): ProjectorSettings {
  return {
    batchSize: config.PROJECTOR_BATCH_SIZE,
    batchLingerMs: config.PROJECTOR_BATCH_LINGER_MS,
    maxAttempts: config.PROJECTOR_MAX_ATTEMPTS,
  };
}

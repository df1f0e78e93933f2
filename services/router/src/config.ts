/**
 * The router's settings besides the platform's: how many messages it routes at once and how long
 * an idle thread stays engaged (CHAN-02: 30 minutes; shorter only for tests and demos). Parsed once
 * with zod; a bad variable is named with its fix.
 */
import { durationVar, envSchema, integerVar, platformEnv } from '@konstruct/config';
import type { z } from 'zod';

export const routerEnv = {
  ROUTER_CONCURRENCY: integerVar(1, 1_000)
    .prefault('64')
    .describe('set ROUTER_CONCURRENCY to the most messages routed at once (1–1000), e.g. 64'),
  ROUTER_ENGAGED_THREAD_TTL: durationVar(1_000)
    .prefault('30m')
    .describe(
      'set ROUTER_ENGAGED_THREAD_TTL to how long an idle thread stays followed without a mention, e.g. 30m',
    ),
};

/** The router's variables alone (`konstruct start router` reads them at start). */
export const routerEnvSchema = envSchema(routerEnv);

/** The platform's variables plus the router's (its own process, `src/main.ts`). */
export const routerProcessEnvSchema = envSchema({ ...platformEnv, ...routerEnv });

export interface RouterSettings {
  readonly concurrency: number;
  /** How long a thread stays engaged after its last routed message (CHAN-02: 30 minutes). */
  readonly engagedThreadTtlMs: number;
}

export function routerSettings(config: z.output<typeof routerEnvSchema>): RouterSettings {
  return {
    concurrency: config.ROUTER_CONCURRENCY,
    engagedThreadTtlMs: config.ROUTER_ENGAGED_THREAD_TTL,
  };
}

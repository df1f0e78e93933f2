/**
 * The agent's settings besides the platform's: how many messages it answers at once, how much
 * history a prompt carries, how long a reply may be, how long a message waits for an earlier
 * one in its conversation, and how streamed text is gathered into deltas. Parsed once with zod; a bad variable is named with its fix. The LLM
 * pool's configuration is read separately (`llm-settings.ts`), by @konstruct/llm's conventions.
 */
import { durationVar, envSchema, integerVar, platformEnv } from '@konstruct/config';
import type { z } from 'zod';

export const agentEnv = {
  // An answer mostly waits on the LLM (seconds each): many at once per instance, so one
  // instance keeps up with many conversations; the CPU per answer is small.
  AGENT_CONCURRENCY: integerVar(1, 1_000)
    .prefault('128')
    .describe('set AGENT_CONCURRENCY to the most messages answered at once (1–1000), e.g. 128'),
  AGENT_HISTORY_TOKENS: integerVar(0, 1_000_000)
    .prefault('6000')
    .describe(
      'set AGENT_HISTORY_TOKENS to the estimated tokens of earlier turns a prompt carries, e.g. 6000',
    ),
  AGENT_MAX_REPLY_TOKENS: integerVar(1, 100_000)
    .prefault('1024')
    .describe('set AGENT_MAX_REPLY_TOKENS to the most tokens one reply may have, e.g. 1024'),
  AGENT_ORDER_STALE_AFTER: durationVar(1_000)
    .prefault('5m')
    .describe(
      'set AGENT_ORDER_STALE_AFTER to how long a message waits for an earlier unanswered one, e.g. 5m',
    ),
  AGENT_DELTA_INTERVAL: durationVar(0)
    .prefault('50ms')
    .describe(
      'set AGENT_DELTA_INTERVAL to how long streamed text is gathered into one delta, e.g. 50ms (0: what arrives in one event-loop turn)',
    ),
};

/** The agent's variables alone (`konstruct start agent` reads them at start). */
export const agentEnvSchema = envSchema(agentEnv);

/** The platform's variables plus the agent's (its own process, `src/main.ts`). */
export const agentProcessEnvSchema = envSchema({ ...platformEnv, ...agentEnv });

export interface AgentSettings {
  readonly concurrency: number;
  /** Estimated tokens (chars/4) of earlier turns in a prompt; the newest turns are kept. */
  readonly historyTokens: number;
  readonly maxReplyTokens: number;
  /** An earlier routed message older than this no longer holds later ones back. */
  readonly orderStaleAfterMs: number;
  /** Streamed text arriving within this long after a delta is published together. */
  readonly deltaIntervalMs: number;
}

export function agentSettings(config: z.output<typeof agentEnvSchema>): AgentSettings {
  return {
    concurrency: config.AGENT_CONCURRENCY,
    historyTokens: config.AGENT_HISTORY_TOKENS,
    maxReplyTokens: config.AGENT_MAX_REPLY_TOKENS,
    orderStaleAfterMs: config.AGENT_ORDER_STALE_AFTER,
    deltaIntervalMs: config.AGENT_DELTA_INTERVAL,
  };
}

/**
 * The slack-egress settings besides the platform's (which bring `SLACK_API_URL` and the secret
 * keys): how many events it handles at once (an open reply holds its slot while it streams), how
 * often streamed text is appended (chat.appendStream is rate tier 4, so appends are batched), and
 * how long a reply may stay silent before it is left to be redelivered. Parsed once with zod; a
 * bad variable is named with its fix.
 */
import { durationVar, envSchema, integerVar, platformEnv } from '@konstruct/config';
import type { z } from 'zod';

export const slackEgressEnv = {
  SLACK_EGRESS_CONCURRENCY: integerVar(1, 10_000)
    .prefault('256')
    .describe(
      'set SLACK_EGRESS_CONCURRENCY to the most events of each kind handled at once (each open reply holds one), e.g. 256',
    ),
  SLACK_EGRESS_BATCH_INTERVAL: durationVar(10)
    .prefault('250ms')
    .describe('set SLACK_EGRESS_BATCH_INTERVAL to how often streamed text is appended, e.g. 250ms'),
  SLACK_EGRESS_IDLE_TIMEOUT: durationVar(1_000)
    .prefault('120s')
    .describe(
      'set SLACK_EGRESS_IDLE_TIMEOUT to how long a reply may send nothing before it is retried, e.g. 120s',
    ),
};

/** The service's variables alone (`konstruct start slack-egress` reads them at start). */
export const slackEgressEnvSchema = envSchema(slackEgressEnv);

/** The platform's variables plus the service's (its own process, `src/main.ts`). */
export const slackEgressProcessEnvSchema = envSchema({ ...platformEnv, ...slackEgressEnv });

export interface SlackEgressSettings {
  readonly concurrency: number;
  /** How often buffered reply text is appended to the stream. */
  readonly batchIntervalMs: number;
  /** Appends as soon as this many characters are buffered, whatever the interval. */
  readonly batchChars: number;
  /** No delta and no completion for this long: re-check the stream, else retry the event. */
  readonly idleTimeoutMs: number;
}

export function slackEgressSettings(
  config: z.output<typeof slackEgressEnvSchema>,
): SlackEgressSettings {
  return {
    concurrency: config.SLACK_EGRESS_CONCURRENCY,
    batchIntervalMs: config.SLACK_EGRESS_BATCH_INTERVAL,
    batchChars: 300,
    idleTimeoutMs: config.SLACK_EGRESS_IDLE_TIMEOUT,
  };
}

/**
 * The slack-ingress settings besides the platform's (issue 6, item 5): the app's signing secret
 * (required: without it no request can be trusted) and the port `POST /slack/events` is served
 * on. Parsed once with zod; every bad variable is named with its fix.
 */
import { envSchema, integerVar, platformEnv } from '@konstruct/config';
import { z } from 'zod';

export const DEFAULT_SLACK_PORT = 3001;

export const slackIngressEnv = {
  SLACK_SIGNING_SECRET: z
    .string()
    .trim()
    .min(1)
    .describe(
      "set SLACK_SIGNING_SECRET to the Signing Secret on your Slack app's Basic Information page",
    ),
  SLACK_PORT: integerVar(0, 65_535)
    .prefault(String(DEFAULT_SLACK_PORT))
    .describe(
      `set SLACK_PORT to the TCP port serving POST /slack/events, e.g. ${DEFAULT_SLACK_PORT}`,
    ),
};

/** The slack-ingress variables alone (`konstruct start slack-ingress` reads them at start). */
export const slackIngressEnvSchema = envSchema(slackIngressEnv);

/** The platform's variables plus slack-ingress's (its own process, `src/main.ts`). */
export const slackIngressProcessEnvSchema = envSchema({ ...platformEnv, ...slackIngressEnv });

export interface SlackIngressSettings {
  readonly signingSecret: string;
  readonly port: number;
  /** How long a resolved workspace is trusted (default 60 s). */
  readonly teamCacheTtlMs: number;
  /** How long an unknown workspace stays unknown before we ask again (default 2 s). */
  readonly unknownTeamCacheTtlMs: number;
}

export function slackIngressSettings(
  config: z.output<typeof slackIngressEnvSchema>,
): SlackIngressSettings {
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    port: config.SLACK_PORT,
    teamCacheTtlMs: 60_000,
    unknownTeamCacheTtlMs: 2_000,
  };
}

/**
 * @konstruct/slack-egress — Slack's side of a conversation (issue 6, item 4): the thinking
 * status, the streamed answer in the thread, the rate-limit notice and the apology. The cli's
 * service catalog imports `slackEgressService`.
 */
export {
  type SlackEgressSettings,
  slackEgressEnv,
  slackEgressEnvSchema,
  slackEgressProcessEnvSchema,
  slackEgressSettings,
} from './config.ts';
export {
  createSlackEgressService,
  RETIRED_SLACK_EGRESS_CONSUMER,
  SLACK_EGRESS_CONSUMERS,
  slackEgressService,
} from './slack-egress-service.ts';
export {
  apologyFor,
  RATE_LIMITED_SENTENCE,
  SLACK_MESSAGE_LIMIT,
  splitForSlack,
  THINKING_PLACEHOLDER,
  THINKING_STATUS,
} from './slack-text.ts';

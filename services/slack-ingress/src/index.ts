/**
 * @konstruct/slack-ingress — the Slack Events API edge (issue 6, item 1): verified requests in,
 * `message.received` events out. The cli's service catalog will import `slackIngressService`.
 */
export {
  DEFAULT_SLACK_PORT,
  type SlackIngressSettings,
  slackIngressEnv,
  slackIngressEnvSchema,
  slackIngressProcessEnvSchema,
  slackIngressSettings,
} from './config.ts';
export { SLACK_EVENTS_PATH } from './slack-events-app.ts';
export {
  createSlackIngressService,
  SLACK_INGRESS_READER,
  slackIngressService,
} from './slack-ingress-service.ts';

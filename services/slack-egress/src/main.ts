/**
 * slack-egress in its own process: parse the configuration once (the platform's variables plus
 * SLACK_EGRESS_*), run the platform with the service, stop gracefully on SIGTERM or SIGINT
 * (replies in flight finish within the deadline, or are continued by another instance). A
 * configuration or start-up failure is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { runPlatform, runServiceProcess } from '@konstruct/runtime';
import { slackEgressProcessEnvSchema, slackEgressSettings } from './config.ts';
import { createSlackEgressService } from './slack-egress-service.ts';

await runServiceProcess('slack-egress', async () => {
  const config = loadConfig(slackEgressProcessEnvSchema);
  const settings = slackEgressSettings(config);
  return runPlatform({
    config,
    services: [createSlackEgressService(() => settings)],
    processName: 'slack-egress',
  });
});

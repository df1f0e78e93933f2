/**
 * slack-ingress in its own process: parse the configuration once (the platform's variables plus
 * SLACK_SIGNING_SECRET and SLACK_PORT), run the platform with the slack-ingress service, stop
 * gracefully on SIGTERM or SIGINT (requests in flight are answered first). A configuration or
 * start-up failure is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { runPlatform, runServiceProcess } from '@konstruct/runtime';
import { slackIngressProcessEnvSchema, slackIngressSettings } from './config.ts';
import { createSlackIngressService } from './slack-ingress-service.ts';

await runServiceProcess('slack-ingress', async () => {
  const config = loadConfig(slackIngressProcessEnvSchema);
  const settings = slackIngressSettings(config);
  return runPlatform({
    config,
    services: [createSlackIngressService(() => settings)],
    processName: 'slack-ingress',
  });
});

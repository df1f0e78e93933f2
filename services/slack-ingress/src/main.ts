/**
 * slack-ingress in its own process: parse the configuration once (the platform's variables plus
 * SLACK_SIGNING_SECRET and SLACK_PORT), run the platform with the slack-ingress service, stop
 * gracefully on SIGTERM or SIGINT (requests in flight are answered first). A configuration or
 * start-up failure is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import { slackIngressProcessEnvSchema, slackIngressSettings } from './config.ts';
import { createSlackIngressService } from './slack-ingress-service.ts';

async function start(): Promise<RunningPlatform> {
  const config = loadConfig(slackIngressProcessEnvSchema);
  const settings = slackIngressSettings(config);
  return runPlatform({
    config,
    services: [createSlackIngressService(() => settings)],
    processName: 'slack-ingress',
  });
}

function stopOnSignals(platform: RunningPlatform): void {
  const stop = (signal: NodeJS.Signals) => {
    platform.logger.info({ signal }, 'stopping');
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    platform.stop().catch((error: unknown) => {
      platform.logger.error({ err: error }, 'stop failed');
      process.exitCode = 1;
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  stopOnSignals(await start());
} catch (error) {
  const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
  process.stderr.write(
    `slack-ingress failed to start${code}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}

/**
 * The projector in its own process: parse the configuration once, run the platform with the
 * projector service, stop gracefully on SIGTERM or SIGINT (the current batch finishes first).
 * A configuration or start-up failure is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { type RunningPlatform, runPlatform } from '@konstruct/runtime';
import { projectorProcessEnvSchema, projectorSettings } from './config.ts';
import { createProjectorService } from './projector-service.ts';

async function start(): Promise<RunningPlatform> {
  const config = loadConfig(projectorProcessEnvSchema);
  const settings = projectorSettings(config);
  return runPlatform({
    config,
    services: [createProjectorService(() => settings)],
    processName: 'projector',
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
    `projector failed to start${code}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}

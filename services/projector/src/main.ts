/**
 * The projector in its own process: parse the configuration once, run the platform with the
 * projector service, stop gracefully on SIGTERM or SIGINT (the current batch finishes first).
 * A configuration or start-up failure is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { runPlatform, runServiceProcess } from '@konstruct/runtime';
import { projectorProcessEnvSchema, projectorSettings } from './config.ts';
import { createProjectorService } from './projector-service.ts';

await runServiceProcess('projector', async () => {
  const config = loadConfig(projectorProcessEnvSchema);
  const settings = projectorSettings(config);
  return runPlatform({
    config,
    services: [createProjectorService(() => settings)],
    processName: 'projector',
  });
});

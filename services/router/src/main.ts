/**
 * The router in its own process: parse the configuration once (the platform's variables plus
 * ROUTER_CONCURRENCY), run the platform with the router service, stop gracefully on SIGTERM or
 * SIGINT (messages in flight are routed first). A configuration or start-up failure is one line
 * on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { runPlatform, runServiceProcess } from '@konstruct/runtime';
import { routerProcessEnvSchema, routerSettings } from './config.ts';
import { createRouterService } from './router-service.ts';

await runServiceProcess('router', async () => {
  const config = loadConfig(routerProcessEnvSchema);
  const settings = routerSettings(config);
  return runPlatform({
    config,
    services: [createRouterService(() => settings)],
    processName: 'router',
  });
});

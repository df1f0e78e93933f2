/**
 * The agent in its own process: parse the configuration once (the platform's variables plus the
 * agent's, and the LLM providers), run the platform with the agent service, stop gracefully on
 * SIGTERM or SIGINT (replies in flight finish first). A configuration or start-up failure — no
 * LLM provider among them — is one line on stderr and exit code 1.
 */
import { loadConfig } from '@konstruct/config';
import { runPlatform, runServiceProcess } from '@konstruct/runtime';
import { createAgentService } from './agent-service.ts';
import { agentProcessEnvSchema, agentSettings } from './config.ts';
import { agentLlmFromEnv } from './llm-settings.ts';

await runServiceProcess('agent', async () => {
  const config = loadConfig(agentProcessEnvSchema);
  const settings = agentSettings(config);
  const llm = agentLlmFromEnv();
  return runPlatform({
    config,
    services: [createAgentService({ settings: () => settings, llm: () => llm })],
    processName: 'agent',
  });
});

/**
 * @konstruct/agent — answers each `message.routed` in the agent's persona through the LLM pool,
 * streaming `reply.*` events (issue 6, item 3). The cli's service catalog imports `agentService`.
 */

export {
  AGENT_CONSUMER,
  type AgentServiceOptions,
  agentService,
  createAgentService,
} from './agent-service.ts';
export {
  type AgentSettings,
  agentEnv,
  agentEnvSchema,
  agentProcessEnvSchema,
  agentSettings,
} from './config.ts';
export { type ConversationRef, readConversation } from './conversation-events.ts';
export { type ConversationView, viewConversation } from './conversation-view.ts';
export { AGENT_REACTIONS, replyIdOf } from './generate-reply.ts';
export { historyWindow } from './history-window.ts';
export {
  type AgentLlm,
  agentLlmFromEnv,
  LlmNotConfiguredError,
  llmConfigurationProblem,
} from './llm-settings.ts';
export { type AgentFailureCode, userMessageFor } from './reply-failure.ts';
export {
  type AgentProfile,
  buildSystemPrompt,
  DEFAULT_TONE,
  transparencyClause,
} from './system-prompt.ts';

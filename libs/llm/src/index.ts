/** @konstruct/llm: OpenAI, Anthropic and Ollama behind one pool with groups, fallback and accounting. */
export { costMicroUsd, estimateInputTokens, estimateTokens, type Price } from './accounting.ts';
export { LEADING_USER_PLACEHOLDER, toAlternatingMessages } from './anthropic-messages.ts';
export { fetchWithConnectTimeout } from './connect-timeout-fetch.ts';
export type { BreakerState, DeploymentHealthSnapshot } from './deployment-health.ts';
export {
  type Deployment,
  type GroupConfig,
  type LlmConfig,
  type LlmConfigInput,
  LlmConfigSchema,
  parseLlmConfig,
} from './llm-config.ts';
export {
  DEFAULT_MODELS,
  LLM_CONFIG_VARIABLE,
  llmConfigFromEnv,
  loadLlmConfig,
} from './llm-config-from-env.ts';
export {
  isLlmError,
  LLM_ERROR_CODES,
  LlmConfigError,
  LlmError,
  type LlmErrorCode,
} from './llm-error.ts';
export {
  createLlmPool,
  type LlmCallOptions,
  type LlmPool,
  type LlmPoolOptions,
} from './llm-pool.ts';
export type { LlmMessage, LlmRequest, LlmRole } from './llm-request.ts';
export {
  type FinishReason,
  type LlmResult,
  type LlmStreamEvent,
  type LlmUsage,
  MODEL_GROUPS,
  type ModelGroupName,
  PROVIDER_NAMES,
  type ProviderName,
} from './llm-result.ts';
export { type Env, resolveLlmConfig } from './resolve-llm-config.ts';
export { parseRetryAfter } from './retry-after.ts';
export { type TenantKeys, tenantKeyContext } from './tenant-keys.ts';

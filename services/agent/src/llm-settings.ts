/**
 * Where the agent's LLM pool comes from: @konstruct/llm's conventions (KONSTRUCT_LLM_CONFIG, or
 * OPENAI_* / ANTHROPIC_* / OLLAMA_*), checked against the environment's keys before the service
 * starts. Without a usable provider the agent refuses to start with one line naming what to set
 * (`konstruct start` skips it with that line; `src/main.ts` exits with it). Tests hand in their
 * own configuration and key environment instead.
 */
import {
  type Env,
  isLlmError,
  type LlmConfig,
  LlmConfigError,
  type LlmConfigInput,
  type LlmPoolOptions,
  loadLlmConfig,
  resolveLlmConfig,
} from '@konstruct/llm';

export interface AgentLlm {
  readonly config: LlmConfig | LlmConfigInput;
  /** `env` there is where platform keys are read (default: process.env). */
  readonly poolOptions?: LlmPoolOptions;
}

/** The LLM configuration cannot be used; the message is one line naming the variables to set. */
export class LlmNotConfiguredError extends Error {
  readonly code = 'LlmNotConfigured';

  constructor(problems: readonly string[]) {
    super(`the agent needs an LLM provider: ${problems.join('; ')}`);
    this.name = 'LlmNotConfiguredError';
  }
}

/** Reads and checks the configuration; throws LlmNotConfiguredError (one line) when unusable. */
export function agentLlmFromEnv(env: Env = process.env): AgentLlm {
  try {
    const config = loadLlmConfig(env);
    resolveLlmConfig(config, env);
    return { config, poolOptions: { env } };
  } catch (error) {
    if (error instanceof LlmConfigError) throw new LlmNotConfiguredError(error.problems);
    if (isLlmError(error)) throw new LlmNotConfiguredError([error.message]);
    throw error;
  }
}

/** What keeps `read` from giving a usable configuration, as one line; undefined when it can. */
export function llmConfigurationProblem(
  read: () => AgentLlm = () => agentLlmFromEnv(),
): string | undefined {
  try {
    read();
    return undefined;
  } catch (error) {
    if (error instanceof LlmNotConfiguredError) return error.message;
    throw error;
  }
}

import { describe, expect, test } from 'vitest';
import { agentLlmFromEnv, LlmNotConfiguredError, llmConfigurationProblem } from './llm-settings.ts';

describe('the LLM settings the agent starts with', () => {
  test('no provider at all: one line naming the variables to set', () => {
    const problem = llmConfigurationProblem(() => agentLlmFromEnv({}));
    expect(problem).toBeDefined();
    expect(problem).not.toContain('\n');
    for (const variable of [
      'KONSTRUCT_LLM_CONFIG',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'OLLAMA_HOST',
    ]) {
      expect(problem).toContain(variable);
    }
    expect(() => agentLlmFromEnv({})).toThrow(LlmNotConfiguredError);
  });

  test('a base URL without its key names the missing key', () => {
    const problem = llmConfigurationProblem(() =>
      agentLlmFromEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }),
    );
    expect(problem).toMatch(/set OPENAI_API_KEY/);
  });

  test('one configured provider is enough, and the pool reads keys from the same environment', () => {
    const env = { OLLAMA_HOST: 'http://127.0.0.1:11434' };
    expect(llmConfigurationProblem(() => agentLlmFromEnv(env))).toBeUndefined();
    expect(agentLlmFromEnv(env).poolOptions?.env).toBe(env);
  });
});

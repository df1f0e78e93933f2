import { describe, expect, it } from 'vitest';
import { createLlmPool, LlmConfigError, llmConfigFromEnv, parseLlmConfig } from '../src/index.ts';
import { deployment, poolConfig } from './llm-test-pool.ts';

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof LlmConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('names every deployment whose platform key is missing, and unknown deployment names, at start', () => {
    const config = poolConfig(
      [
        deployment('gpt', 'openai', 'http://x'),
        deployment('claude', 'anthropic', 'http://y', { apiKeyEnv: 'CLAUDE_KEY' }),
      ],
      { quality: { deployments: ['claude', 'gpt'] }, fast: { deployments: ['local'] } },
    );
    expect(problemsOf(() => createLlmPool(config, { env: {} }))).toEqual([
      'deployment "gpt" (openai) needs an API key: set OPENAI_API_KEY',
      'deployment "claude" (anthropic) needs an API key: set CLAUDE_KEY',
      'group "fast" names unknown deployment "local"',
    ]);
  });

  it('needs no key for Ollama', () => {
    const config = poolConfig([deployment('local', 'ollama', 'http://x')], {
      quality: { deployments: ['local'] },
      fast: { deployments: ['local'] },
    });
    expect(() => createLlmPool(config, { env: {} })).not.toThrow();
  });

  it('rejects invalid shapes with the path of each problem', () => {
    const problems = problemsOf(() => parseLlmConfig({ deployments: [], groups: {} }));
    expect(problems.some((p) => p.startsWith('deployments'))).toBe(true);
    expect(problems.some((p) => p.startsWith('groups.fast'))).toBe(true);
  });
});

describe('configuration from env', () => {
  it('uses the one configured provider for both groups', () => {
    const config = llmConfigFromEnv({
      OLLAMA_HOST: 'http://127.0.0.1:11434',
      OLLAMA_MODEL: 'qwen3',
    });
    expect(config.groups).toEqual({
      fast: { deployments: ['ollama'] },
      quality: { deployments: ['ollama'] },
    });
    expect(config.deployments[0]).toMatchObject({
      provider: 'ollama',
      model: 'qwen3',
      baseUrl: 'http://127.0.0.1:11434',
    });
  });

  it('with several: quality is Anthropic then OpenAI falling back to fast, fast is Ollama', () => {
    const config = llmConfigFromEnv({
      OPENAI_API_KEY: 'a',
      ANTHROPIC_API_KEY: 'b',
      OLLAMA_HOST: 'http://o:11434',
    });
    expect(config.groups).toEqual({
      quality: { deployments: ['anthropic', 'openai'], fallbackGroup: 'fast' },
      fast: { deployments: ['ollama'] },
    });
  });

  it('without Ollama, fast is the cheapest configured provider', () => {
    const config = llmConfigFromEnv({
      OPENAI_API_KEY: 'a',
      ANTHROPIC_API_KEY: 'b',
      OPENAI_BASE_URL: 'http://vllm:8000/v1',
    });
    expect(config.groups.fast).toEqual({ deployments: ['openai'] });
    expect(config.deployments.find((d) => d.provider === 'openai')?.baseUrl).toBe(
      'http://vllm:8000/v1',
    );
  });

  it('with nothing set is a configuration error naming the variables', () => {
    expect(problemsOf(() => llmConfigFromEnv({}))[0]).toContain('KONSTRUCT_LLM_CONFIG');
  });
});

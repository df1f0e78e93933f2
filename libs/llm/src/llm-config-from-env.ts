/**
 * Where the pool's configuration comes from: a JSON file named by KONSTRUCT_LLM_CONFIG, or the
 * platform's env conventions (OPENAI_*, ANTHROPIC_*, OLLAMA_*). With one provider both groups use
 * it; with several, `quality` = Anthropic then OpenAI, `fast` = Ollama if set, else the cheapest,
 * and `quality` falls back to `fast`.
 */
import { readFileSync } from 'node:fs';
import {
  DEFAULT_STREAM_IDLE_MS,
  type Deployment,
  type LlmConfig,
  type LlmConfigInput,
  parseLlmConfig,
} from './llm-config.ts';
import { LlmConfigError } from './llm-error.ts';
import type { Env } from './resolve-llm-config.ts';

export const LLM_CONFIG_VARIABLE = 'KONSTRUCT_LLM_CONFIG';

export const DEFAULT_MODELS = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-5',
  ollama: 'llama3.2',
} as const;

const DEFAULT_PRICES = {
  openai: { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  anthropic: { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  ollama: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
} as const;

const DEFAULT_TIMEOUTS = { connectMs: 15_000, totalMs: 120_000, idleMs: DEFAULT_STREAM_IDLE_MS };

function set(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function envDeployments(env: Env): Deployment[] {
  const found: Deployment[] = [];
  const add = (provider: 'openai' | 'anthropic' | 'ollama', baseUrl: string | undefined) =>
    found.push({
      name: provider,
      provider,
      model: env[`${provider.toUpperCase()}_MODEL`] || DEFAULT_MODELS[provider],
      ...(set(baseUrl) ? { baseUrl } : {}),
      timeouts: DEFAULT_TIMEOUTS,
      price: DEFAULT_PRICES[provider],
    });
  if (set(env.ANTHROPIC_API_KEY) || set(env.ANTHROPIC_BASE_URL))
    add('anthropic', env.ANTHROPIC_BASE_URL);
  if (set(env.OPENAI_API_KEY) || set(env.OPENAI_BASE_URL)) add('openai', env.OPENAI_BASE_URL);
  if (set(env.OLLAMA_HOST)) add('ollama', env.OLLAMA_HOST);
  return found;
}

function unitPrice(d: Deployment): number {
  return d.price.inputPerMillionUsd + d.price.outputPerMillionUsd;
}

/** Builds a configuration from the env conventions; throws LlmConfigError when none is set. */
export function llmConfigFromEnv(env: Env): LlmConfigInput {
  const deployments = envDeployments(env);
  if (deployments.length === 0) {
    throw new LlmConfigError([
      `no LLM provider configured: set ${LLM_CONFIG_VARIABLE}, or OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_HOST`,
    ]);
  }
  const names = deployments.map((d) => d.name);
  if (deployments.length === 1) {
    return {
      deployments,
      groups: { fast: { deployments: names }, quality: { deployments: names } },
    };
  }
  const quality = names.filter((n) => n !== 'ollama');
  const cheapest =
    [...deployments].sort((a, b) => unitPrice(a) - unitPrice(b))[0]?.name ?? 'ollama';
  const fast = names.includes('ollama') ? 'ollama' : cheapest;
  return {
    deployments,
    groups: {
      quality: { deployments: quality.length > 0 ? quality : names, fallbackGroup: 'fast' },
      fast: { deployments: [fast] },
    },
  };
}

/** The file named by KONSTRUCT_LLM_CONFIG if set, else `llmConfigFromEnv`; validated either way. */
export function loadLlmConfig(env: Env): LlmConfig {
  const path = env[LLM_CONFIG_VARIABLE];
  if (!set(path)) return parseLlmConfig(llmConfigFromEnv(env));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LlmConfigError([
      `${LLM_CONFIG_VARIABLE}=${path} could not be read as JSON: ${reason}`,
    ]);
  }
  return parseLlmConfig(raw);
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LlmConfigError, loadLlmConfig } from '../src/index.ts';

function writeConfig(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'konstruct-llm-')), 'llm.json');
  writeFileSync(path, content);
  return path;
}

describe('KONSTRUCT_LLM_CONFIG', () => {
  it('loads and validates the JSON file it names, with defaults for retry and breaker', () => {
    const path = writeConfig(
      JSON.stringify({
        deployments: [
          {
            name: 'local',
            provider: 'ollama',
            model: 'llama3.2',
            baseUrl: 'http://127.0.0.1:11434',
            timeouts: { connectMs: 1000, totalMs: 60000 },
            price: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
          },
        ],
        groups: { fast: { deployments: ['local'] }, quality: { deployments: ['local'] } },
        tenants: { 'tenant-a': { quality: ['local'] } },
      }),
    );
    const config = loadLlmConfig({ KONSTRUCT_LLM_CONFIG: path, OPENAI_API_KEY: 'ignored' });
    expect(config.deployments.map((d) => d.name)).toEqual(['local']);
    expect(config.retry.maxAttempts).toBe(3);
    expect(config.breaker.consecutiveFailures).toBe(5);
  });

  it('names the file and the reason when it is not JSON', () => {
    const path = writeConfig('{ not json');
    expect(() => loadLlmConfig({ KONSTRUCT_LLM_CONFIG: path })).toThrow(LlmConfigError);
    expect(() => loadLlmConfig({ KONSTRUCT_LLM_CONFIG: path })).toThrow(path);
  });
});

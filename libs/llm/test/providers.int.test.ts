import type { LoopbackServer } from '@konstruct/testing';
import { startAnthropicServer, startOllamaServer, startOpenAiServer } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmPool, type ProviderName } from '../src/index.ts';
import { collect, deployment, HELLO, poolConfig, TEST_ENV } from './llm-test-pool.ts';

const servers: Partial<Record<ProviderName, LoopbackServer>> = {};
beforeAll(async () => {
  servers.openai = await startOpenAiServer();
  servers.anthropic = await startAnthropicServer();
  servers.ollama = await startOllamaServer();
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

function poolFor(provider: ProviderName) {
  const url = servers[provider]?.url ?? '';
  return createLlmPool(
    poolConfig([deployment(provider, provider, url)], {
      fast: { deployments: [provider] },
      quality: { deployments: [provider] },
    }),
    { env: TEST_ENV },
  );
}

describe.each(['openai', 'anthropic', 'ollama'] as const)('the %s provider', (provider) => {
  it('answers a JSON call with the text, the reported usage and its cost', async () => {
    servers[provider]?.script({ usage: { input: 100, output: 20 } });
    const result = await poolFor(provider).complete(HELLO, { group: 'fast', tenantId: 't1' });
    expect(result).toMatchObject({
      text: 'Hello there, friend.',
      finishReason: 'stop',
      usage: { inputTokens: 100, outputTokens: 20, estimated: false },
      provider,
      deployment: provider,
      model: `${provider}-model`,
      costMicroUsd: 100 * 3 + 20 * 15,
    });
    expect(result.timeToFirstTokenMs).toBeLessThanOrEqual(result.latencyMs);
  });

  it('streams deltas then exactly one done with the reported usage', async () => {
    servers[provider]?.script({ usage: { input: 7, output: 3 } });
    const events = await collect(
      poolFor(provider).stream(HELLO, { group: 'fast', tenantId: 't1' }),
    );
    const deltas = events.filter((e) => e.type === 'delta').map((e) => e.text);
    expect(deltas).toEqual(['Hello', ' there,', ' friend.']);
    const done = events.filter((e) => e.type === 'done');
    expect(done).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('done');
    expect(done[0]?.result).toMatchObject({
      text: 'Hello there, friend.',
      usage: { inputTokens: 7, outputTokens: 3, estimated: false },
      provider,
    });
  });
});

describe('usage estimates', () => {
  it('are chars/4 and marked estimated when Ollama reports no counts', async () => {
    servers.ollama?.script({ usage: null });
    const result = await poolFor('ollama').complete(HELLO, { group: 'fast', tenantId: 't1' });
    expect(result.usage).toEqual({
      inputTokens: Math.ceil(('Be brief.'.length + 'Say hello.'.length) / 4),
      outputTokens: Math.ceil('Hello there, friend.'.length / 4),
      estimated: true,
    });
  });
});

describe('a stream without usage', () => {
  it('from an OpenAI-compatible server that ignores include_usage is estimated and marked so', async () => {
    servers.openai?.script({ usage: null });
    const events = await collect(
      poolFor('openai').stream(HELLO, { group: 'fast', tenantId: 't1' }),
    );
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.usage).toEqual({
      inputTokens: Math.ceil(('Be brief.'.length + 'Say hello.'.length) / 4),
      outputTokens: Math.ceil('Hello there, friend.'.length / 4),
      estimated: true,
    });
  });

  it('asks OpenAI for usage in the stream and maps the request faithfully', async () => {
    const before = servers.openai?.requests.length ?? 0;
    await collect(
      poolFor('openai').stream(
        { ...HELLO, temperature: 0.2, stop: ['\n\n'] },
        { group: 'fast', tenantId: 't1' },
      ),
    );
    expect(servers.openai?.requests[before]).toMatchObject({
      path: '/v1/chat/completions',
      body: {
        model: 'openai-model',
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 64,
        temperature: 0.2,
        stop: ['\n\n'],
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello.' },
        ],
      },
    });
  });

  it('maps the request to Ollama options', async () => {
    const before = servers.ollama?.requests.length ?? 0;
    await poolFor('ollama').complete(
      { ...HELLO, temperature: 0 },
      { group: 'fast', tenantId: 't1' },
    );
    expect(servers.ollama?.requests[before]).toMatchObject({
      path: '/api/chat',
      body: { model: 'ollama-model', stream: false, options: { num_predict: 64, temperature: 0 } },
    });
  });
});

describe('the Anthropic mapping', () => {
  it('sends the system prompt separately and merges turns so they alternate from user', async () => {
    const before = servers.anthropic?.requests.length ?? 0;
    await poolFor('anthropic').complete(
      {
        system: 'You are Ada.',
        messages: [
          { role: 'assistant', content: 'Hi, I am Ada.' },
          { role: 'user', content: 'one' },
          { role: 'user', content: 'two' },
        ],
        maxTokens: 50,
        stop: ['END'],
      },
      { group: 'fast', tenantId: 't1' },
    );
    const body = servers.anthropic?.requests[before]?.body;
    expect(body).toMatchObject({
      system: 'You are Ada.',
      max_tokens: 50,
      stop_sequences: ['END'],
      messages: [
        { role: 'user', content: '(conversation continues)' },
        { role: 'assistant', content: 'Hi, I am Ada.' },
        { role: 'user', content: 'one\n\ntwo' },
      ],
    });
  });

  it('drops turns without text and trims a final prefill, which the API would reject', async () => {
    const result = await poolFor('anthropic').complete(
      {
        messages: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: '' },
          { role: 'user', content: 'two' },
          { role: 'assistant', content: 'Sure: ' },
        ],
        maxTokens: 50,
      },
      { group: 'fast', tenantId: 't1' },
    );
    expect(result.text).toBe('Hello there, friend.');
    expect(servers.anthropic?.requests.at(-1)?.body.messages).toEqual([
      { role: 'user', content: 'one\n\ntwo' },
      { role: 'assistant', content: 'Sure:' },
    ]);
  });
});

describe('an OpenAI-compatible stream', () => {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'chatcmpl-odd',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'openai-model',
    choices,
    ...extra,
  });

  it('reads chunks without a choice or with a choice without delta, as some servers send them', async () => {
    servers.openai?.script({
      events: [
        chunk([], { prompt_filter_results: [] }),
        chunk([{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }]),
        chunk([{ index: 0, finish_reason: 'stop' }]),
        chunk([], { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }),
      ],
    });
    const events = await collect(
      poolFor('openai').stream(HELLO, { group: 'fast', tenantId: 't1' }),
    );
    expect(events).toEqual([
      { type: 'delta', text: 'Hi' },
      expect.objectContaining({
        type: 'done',
        result: expect.objectContaining({
          text: 'Hi',
          finishReason: 'stop',
          usage: { inputTokens: 5, outputTokens: 1, estimated: false },
        }),
      }),
    ]);
  });
});

describe('Ollama usage with a count left out', () => {
  const estimatedInput = Math.ceil(('Be brief.'.length + 'Say hello.'.length) / 4);

  it('keeps the reported output count and estimates only the prompt count', async () => {
    servers.ollama?.script({ usage: { input: 40, output: 9 }, omitUsage: ['input'] });
    const result = await poolFor('ollama').complete(HELLO, { group: 'fast', tenantId: 't1' });
    expect(result.usage).toEqual({ inputTokens: estimatedInput, outputTokens: 9, estimated: true });
  });

  it('keeps the reported prompt count and estimates only the output count, streamed', async () => {
    servers.ollama?.script({ usage: { input: 40, output: 9 }, omitUsage: ['output'] });
    const events = await collect(
      poolFor('ollama').stream(HELLO, { group: 'fast', tenantId: 't1' }),
    );
    const done = events.at(-1);
    expect(done?.type === 'done' && done.result.usage).toEqual({
      inputTokens: 40,
      outputTokens: Math.ceil('Hello there, friend.'.length / 4),
      estimated: true,
    });
  });
});

describe('Anthropic prompt-cache tokens', () => {
  const cached = { input: 10, output: 5, cacheCreationInput: 200, cacheReadInput: 1_000 };
  const expected = {
    usage: { inputTokens: 1_210, outputTokens: 5, estimated: false },
    costMicroUsd: 1_210 * 3 + 5 * 15,
  };

  it('count as input tokens in a JSON reply', async () => {
    servers.anthropic?.script({ usage: cached });
    const result = await poolFor('anthropic').complete(HELLO, { group: 'fast', tenantId: 't1' });
    expect(result).toMatchObject(expected);
  });

  it('count as input tokens in a stream', async () => {
    servers.anthropic?.script({ usage: cached });
    const events = await collect(
      poolFor('anthropic').stream(HELLO, { group: 'fast', tenantId: 't1' }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', result: expected });
  });
});

/**
 * Anthropic messages through the official SDK: the system prompt goes in the separate `system`
 * field and turns are made to alternate starting with `user` (see anthropic-messages.ts).
 * Anthropic reports prompt-cache tokens apart from `input_tokens`; they are input tokens too, so
 * `inputTokens` is the sum of all three (see LlmUsage).
 */
import Anthropic from '@anthropic-ai/sdk';
import { toAlternatingMessages } from '../anthropic-messages.ts';
import { IncompleteStreamError } from '../incomplete-stream-error.ts';
import type { FinishReason } from '../llm-result.ts';
import type { ProviderAdapter, ProviderCall, ProviderStream } from '../provider-adapter.ts';
import { chunkStream, type StreamReader } from './chunk-stream.ts';
import { clientCache } from './sdk-clients.ts';

const clientFor = clientCache(
  (call: ProviderCall): Anthropic =>
    new Anthropic({
      apiKey: call.apiKey ?? 'unused',
      ...(call.baseUrl === undefined ? {} : { baseURL: call.baseUrl }),
      maxRetries: 0,
      timeout: 2_147_483_647,
      fetch: call.fetch,
    }),
);

function paramsOf(call: ProviderCall) {
  const { system, messages, maxTokens, temperature, stop } = call.request;
  return {
    model: call.model,
    max_tokens: maxTokens,
    messages: toAlternatingMessages(messages).map((m) => ({ role: m.role, content: m.content })),
    ...(system === undefined ? {} : { system }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(stop === undefined || stop.length === 0 ? {} : { stop_sequences: [...stop] }),
  };
}

export function anthropicFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'content_filter';
  return 'other';
}

type CacheUsage = Pick<Anthropic.Usage, 'cache_creation_input_tokens' | 'cache_read_input_tokens'>;

/** Every input token: uncached, written to the prompt cache, and read from it. */
export function anthropicInputTokens(inputTokens: number, cache: CacheUsage): number {
  return (
    inputTokens + (cache.cache_creation_input_tokens ?? 0) + (cache.cache_read_input_tokens ?? 0)
  );
}

function anthropicReader(): StreamReader<Anthropic.RawMessageStreamEvent> {
  let inputTokens: number | undefined;
  let cache: CacheUsage = { cache_creation_input_tokens: null, cache_read_input_tokens: null };
  let outputTokens: number | undefined;
  let finishReason: FinishReason | undefined;
  let stopped = false;
  return {
    read(event) {
      if (event.type === 'content_block_delta') {
        return event.delta.type === 'text_delta' ? event.delta.text : '';
      }
      if (event.type === 'message_start') {
        ({ input_tokens: inputTokens, output_tokens: outputTokens } = event.message.usage);
        cache = event.message.usage;
      } else if (event.type === 'message_delta') {
        // message_delta's counts are cumulative, each there only when the API sends it
        const { usage } = event;
        outputTokens = usage.output_tokens;
        inputTokens = usage.input_tokens ?? inputTokens;
        cache = {
          cache_creation_input_tokens:
            usage.cache_creation_input_tokens ?? cache.cache_creation_input_tokens,
          cache_read_input_tokens: usage.cache_read_input_tokens ?? cache.cache_read_input_tokens,
        };
        finishReason = anthropicFinishReason(event.delta.stop_reason);
      } else if (event.type === 'message_stop') {
        stopped = true;
      }
      return '';
    },
    end() {
      if (!stopped || finishReason === undefined) throw new IncompleteStreamError('anthropic');
      const usage =
        inputTokens === undefined || outputTokens === undefined
          ? undefined
          : { inputTokens: anthropicInputTokens(inputTokens, cache), outputTokens };
      return { type: 'end', finishReason, usage };
    },
  };
}

function streamAnthropic(call: ProviderCall): ProviderStream {
  return chunkStream(
    () => clientFor(call).messages.create({ ...paramsOf(call), stream: true }),
    anthropicReader(),
  );
}

export const anthropicAdapter: ProviderAdapter = {
  provider: 'anthropic',
  async complete(call) {
    const message = await clientFor(call).messages.create({ ...paramsOf(call), stream: false });
    const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return {
      text,
      finishReason: anthropicFinishReason(message.stop_reason),
      usage: {
        inputTokens: anthropicInputTokens(message.usage.input_tokens, message.usage),
        outputTokens: message.usage.output_tokens,
      },
    };
  },
  stream: streamAnthropic,
};

/**
 * Ollama `/api/chat` through the official client, reused like the other SDK clients (the
 * attempt's signal reaches the request through `attemptFetch`); usage comes from the final
 * `done` message, which leaves out `prompt_eval_count` when the prompt came from Ollama's cache:
 * a count left out is estimated on its own, the other is kept.
 */
import type { ChatResponse } from 'ollama';
import { Ollama } from 'ollama';
import { IncompleteStreamError } from '../incomplete-stream-error.ts';
import type { FinishReason } from '../llm-result.ts';
import type {
  ProviderAdapter,
  ProviderCall,
  ProviderStream,
  ReportedUsage,
} from '../provider-adapter.ts';
import { chunkStream, type EndChunk, type StreamReader } from './chunk-stream.ts';
import { clientCache } from './sdk-clients.ts';

const DEFAULT_HOST = 'http://127.0.0.1:11434';

const clientFor = clientCache(
  (call: ProviderCall): Ollama =>
    new Ollama({
      host: call.baseUrl ?? DEFAULT_HOST,
      fetch: call.fetch,
      ...(call.apiKey === undefined ? {} : { headers: { Authorization: `Bearer ${call.apiKey}` } }),
    }),
);

function paramsOf(call: ProviderCall) {
  const { system, messages, maxTokens, temperature, stop } = call.request;
  const mapped = messages.map((m) => ({ role: m.role, content: m.content }));
  return {
    model: call.model,
    messages: system === undefined ? mapped : [{ role: 'system', content: system }, ...mapped],
    options: {
      num_predict: maxTokens,
      ...(temperature === undefined ? {} : { temperature }),
      ...(stop === undefined || stop.length === 0 ? {} : { stop: [...stop] }),
    },
  };
}

export function ollamaFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'stop' || reason === 'length') return reason;
  return 'other';
}

function usageOf(response: ChatResponse): ReportedUsage | undefined {
  // typed as numbers, but absent from the wire when Ollama did not count
  const input: unknown = response.prompt_eval_count;
  const output: unknown = response.eval_count;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  return {
    ...(typeof input === 'number' ? { inputTokens: input } : {}),
    ...(typeof output === 'number' ? { outputTokens: output } : {}),
  };
}

function ollamaReader(): StreamReader<ChatResponse> {
  let end: EndChunk | undefined;
  return {
    read(part) {
      if (part.done)
        end = {
          type: 'end',
          finishReason: ollamaFinishReason(part.done_reason),
          usage: usageOf(part),
        };
      return part.message.content;
    },
    end() {
      if (end === undefined) throw new IncompleteStreamError('ollama');
      return end;
    },
  };
}

function streamOllama(call: ProviderCall): ProviderStream {
  return chunkStream(
    () => clientFor(call).chat({ ...paramsOf(call), stream: true }),
    ollamaReader(),
  );
}

export const ollamaAdapter: ProviderAdapter = {
  provider: 'ollama',
  async complete(call) {
    const response = await clientFor(call).chat({ ...paramsOf(call), stream: false });
    return {
      text: response.message.content,
      finishReason: ollamaFinishReason(response.done_reason),
      usage: usageOf(response),
    };
  },
  stream: streamOllama,
};

/**
 * OpenAI chat completions (and any OpenAI-compatible server by base URL) through the official SDK.
 * Streams ask for `include_usage` so the final chunk carries real token counts. A stream chunk
 * may carry no choice (the usage chunk, Azure's prompt-filter chunk) or a choice without a
 * `delta` (some compatible servers' finish chunk): neither adds text, neither is an error.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { IncompleteStreamError } from '../incomplete-stream-error.ts';
import type { FinishReason } from '../llm-result.ts';
import type {
  ProviderAdapter,
  ProviderCall,
  ProviderStream,
  ReportedUsage,
} from '../provider-adapter.ts';
import { chunkStream, type StreamReader } from './chunk-stream.ts';
import { clientCache } from './sdk-clients.ts';

const clientFor = clientCache(
  (call: ProviderCall): OpenAI =>
    new OpenAI({
      apiKey: call.apiKey ?? 'unused',
      ...(call.baseUrl === undefined ? {} : { baseURL: call.baseUrl }),
      maxRetries: 0,
      timeout: 2_147_483_647,
      fetch: call.fetch,
    }),
);

function messagesOf(call: ProviderCall): ChatCompletionMessageParam[] {
  const { system, messages } = call.request;
  const mapped: ChatCompletionMessageParam[] = messages.map((m) => ({
    role: m.role,
    content: m.content,
  }));
  return system === undefined ? mapped : [{ role: 'system', content: system }, ...mapped];
}

function paramsOf(call: ProviderCall) {
  const { maxTokens, temperature, stop } = call.request;
  return {
    model: call.model,
    messages: messagesOf(call),
    max_completion_tokens: maxTokens,
    ...(temperature === undefined ? {} : { temperature }),
    ...(stop === undefined || stop.length === 0 ? {} : { stop: [...stop] }),
  };
}

export function openAiFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'stop' || reason === 'length' || reason === 'content_filter') return reason;
  return 'other';
}

function usageOf(usage: OpenAI.CompletionUsage | null | undefined): ReportedUsage | undefined {
  if (usage === null || usage === undefined) return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}

function openAiReader(): StreamReader<OpenAI.ChatCompletionChunk> {
  let finishReason: FinishReason | undefined;
  let usage: ReportedUsage | undefined;
  return {
    read(chunk) {
      // the SDK's types promise `choices` and `delta`; compatible servers do not always send them
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finishReason = openAiFinishReason(choice.finish_reason);
      if (chunk.usage) usage = usageOf(chunk.usage);
      return choice?.delta?.content ?? '';
    },
    end() {
      // the SDK ends an aborted stream quietly; a stream without a finish reason did not complete
      if (finishReason === undefined) throw new IncompleteStreamError('openai');
      return { type: 'end', finishReason, usage };
    },
  };
}

function streamOpenAi(call: ProviderCall): ProviderStream {
  return chunkStream(
    () =>
      clientFor(call).chat.completions.create({
        ...paramsOf(call),
        stream: true,
        stream_options: { include_usage: true },
      }),
    openAiReader(),
  );
}

export const openAiAdapter: ProviderAdapter = {
  provider: 'openai',
  async complete(call) {
    const response = await clientFor(call).chat.completions.create({
      ...paramsOf(call),
      stream: false,
    });
    const choice = response.choices[0];
    return {
      text: choice?.message.content ?? '',
      finishReason: openAiFinishReason(choice?.finish_reason),
      usage: usageOf(response.usage),
    };
  },
  stream: streamOpenAi,
};

/**
 * Accounting for one answered call (LLM-03): the counts the provider reported, and a chars/4
 * estimate for each count it left out, the usage then marked estimated; latency and time to
 * first token from the pool call's start; cost from the deployment's price table.
 */
import { costMicroUsd, estimateInputTokens, estimateTokens } from './accounting.ts';
import type { LlmRequest } from './llm-request.ts';
import type { FinishReason, LlmResult, LlmUsage, ModelGroupName } from './llm-result.ts';
import type { ReportedUsage } from './provider-adapter.ts';
import type { ResolvedDeployment } from './resolve-llm-config.ts';

export interface AnsweredCall {
  readonly request: LlmRequest;
  readonly deployment: ResolvedDeployment;
  readonly group: ModelGroupName;
  readonly keySource: 'platform' | 'tenant';
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: ReportedUsage | undefined;
  readonly callStartedAt: number;
  readonly firstTokenAt: number;
  readonly endedAt: number;
}

export function usageOf(
  reported: ReportedUsage | undefined,
  request: LlmRequest,
  text: string,
): LlmUsage {
  const inputTokens = reported?.inputTokens;
  const outputTokens = reported?.outputTokens;
  return {
    inputTokens: inputTokens ?? estimateInputTokens(request),
    outputTokens: outputTokens ?? estimateTokens(text),
    estimated: inputTokens === undefined || outputTokens === undefined,
  };
}

export function buildResult(call: AnsweredCall): LlmResult {
  const usage = usageOf(call.usage, call.request, call.text);
  return {
    text: call.text,
    finishReason: call.finishReason,
    usage,
    provider: call.deployment.provider,
    model: call.deployment.model,
    deployment: call.deployment.name,
    group: call.group,
    keySource: call.keySource,
    latencyMs: call.endedAt - call.callStartedAt,
    timeToFirstTokenMs: call.firstTokenAt - call.callStartedAt,
    costMicroUsd: costMicroUsd(call.deployment.price, usage.inputTokens, usage.outputTokens),
  };
}

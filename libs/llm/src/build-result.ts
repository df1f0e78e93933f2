/**
 * Accounting for one answered call (LLM-03): reported usage when the provider gave it, else
 * chars/4 estimates marked as such; latency and time to first token from the pool call's start;
 * cost from the deployment's price table.
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
  if (reported !== undefined) return { ...reported, estimated: false };
  return {
    inputTokens: estimateInputTokens(request),
    outputTokens: estimateTokens(text),
    estimated: true,
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

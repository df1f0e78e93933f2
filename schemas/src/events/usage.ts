/**
 * One LLM call's accounting (LLM-03): who paid for what, with which provider and model.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Uuid } from '../ids.ts';
import { AgentId, ConversationId, ModelGroup } from './common.ts';

export const UsageRecorded = defineEvent({
  type: 'usage.recorded',
  version: 1,
  description: 'An LLM call was made for a tenant: provider, model, tokens, latency and cost.',
  data: z
    .object({
      agentId: AgentId,
      conversationId: ConversationId.nullable(),
      messageId: Uuid.nullable().describe('the message the call answered, if any'),
      provider: z.enum(['openai', 'anthropic', 'ollama']),
      deployment: z.string().min(1),
      model: z.string().min(1),
      modelGroup: ModelGroup,
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
      estimated: z.boolean(),
      latencyMs: z.number().nonnegative(),
      timeToFirstTokenMs: z.number().nonnegative().nullable(),
      costMicroUsd: z.number().int().nonnegative().describe('cost in millionths of a US dollar'),
      keySource: z.enum(['platform', 'tenant']),
    })
    .strict(),
  // its own entity kind (per agent), so usage never counts as a change to the agent aggregate
  entityOf: (data) => ({ entity: 'usage', id: data.agentId }),
});

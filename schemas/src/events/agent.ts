/**
 * AI employees (AGNT-01): each configuration is the agent's whole current definition, so a
 * reader needs only the latest `agent.configured` to know the agent.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { AgentId, ModelGroup } from './common.ts';

export const EscalationRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keyword'), keywords: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ kind: z.literal('human_requested') }).strict(),
  z.object({ kind: z.literal('repeated_failure'), failures: z.number().int().min(1) }).strict(),
]);

export const EscalationTarget = z
  .object({
    slackChannelId: z.string().min(1).optional(),
    email: z.email().optional(),
  })
  .strict();

export const AgentConfiguration = z
  .object({
    agentId: AgentId,
    name: z.string().trim().min(1).max(80),
    role: z.string().trim().min(1).max(200),
    persona: z.string().max(4_000).default(''),
    systemPrompt: z.string().max(20_000).default(''),
    jobDescription: z.string().max(10_000).default(''),
    statementOfWork: z.string().max(10_000).default(''),
    tools: z.array(z.string().min(1).max(100)).max(50).default([]),
    escalationRules: z.array(EscalationRule).max(20).default([]),
    escalationTarget: EscalationTarget.nullable().default(null),
    modelPreference: ModelGroup.default('quality'),
    active: z.boolean().default(true),
  })
  .strict();
export type AgentConfiguration = z.infer<typeof AgentConfiguration>;

const onAgent = (data: { agentId: string }) => ({ entity: 'agent' as const, id: data.agentId });

export const AgentConfigured = defineEvent({
  type: 'agent.configured',
  version: 1,
  description: "An agent was created or its configuration replaced (the agent's full definition).",
  data: AgentConfiguration,
  entityOf: onAgent,
});

export const AgentDeactivated = defineEvent({
  type: 'agent.deactivated',
  version: 1,
  description: 'An agent stopped answering; its messages are rejected as agent_inactive.',
  data: z.object({ agentId: AgentId, reason: z.string().max(500).optional() }).strict(),
  entityOf: onAgent,
});

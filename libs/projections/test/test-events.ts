/**
 * Valid events for the projection tests, built with the contract's own `createEvent`; every
 * builder takes the tenant and fixed times so expected rows can be spelled out exactly.
 */
import { randomUUID } from 'node:crypto';
import {
  AgentConfigured,
  AgentDeactivated,
  ConnectionAdded,
  ConnectionRemoved,
  createEvent,
  type KonstructEvent,
  MemberInvited,
  MemberRemoved,
  MemberRoleChanged,
  MessageReceived,
  MessageRouted,
  ReplyCompleted,
  TenantCreated,
  TenantDeleted,
  TenantUpdated,
  UsageRecorded,
} from '@konstruct/schemas';

export const at = (iso: string) => ({ occurredAt: new Date(iso) });

export const SECRET = { keyId: 'k1', iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };

export function tenantCreated(tenantId: string, time: string, slug = `t-${tenantId.slice(0, 8)}`) {
  return createEvent(TenantCreated, { tenantId, ...at(time) }, { name: `Tenant ${slug}`, slug });
}

export function tenantUpdated(
  tenantId: string,
  time: string,
  data: { name?: string; rateLimitPerMinute?: number },
) {
  return createEvent(TenantUpdated, { tenantId, ...at(time) }, data);
}

export function tenantDeleted(tenantId: string, time: string) {
  return createEvent(TenantDeleted, { tenantId, ...at(time) }, { reason: 'closed' });
}

export function agentConfigured(tenantId: string, agentId: string, time: string, name = 'Mara') {
  return createEvent(
    AgentConfigured,
    { tenantId, ...at(time) },
    {
      agentId,
      name,
      role: 'Support specialist',
      persona: 'warm',
      systemPrompt: 'Help customers.',
      tools: ['search'],
      escalationRules: [{ kind: 'keyword', keywords: ['refund'] }],
      escalationTarget: { email: 'ops@example.com' },
      modelPreference: 'fast',
    },
  );
}

export function agentDeactivated(tenantId: string, agentId: string, time: string) {
  return createEvent(AgentDeactivated, { tenantId, ...at(time) }, { agentId });
}

export function connectionAdded(
  tenantId: string,
  connectionId: string,
  agentId: string | null,
  time: string,
) {
  return createEvent(
    ConnectionAdded,
    { tenantId, ...at(time) },
    {
      connectionId,
      agentId,
      connection: {
        channel: 'slack',
        teamId: 'T0123ABCD',
        teamName: 'Acme',
        botUserId: 'U0BOT',
        botToken: SECRET,
      },
    },
  );
}

export function connectionRemoved(tenantId: string, connectionId: string, time: string) {
  return createEvent(ConnectionRemoved, { tenantId, ...at(time) }, { connectionId });
}

export function memberInvited(tenantId: string, userId: string, time: string) {
  return createEvent(
    MemberInvited,
    { tenantId, ...at(time) },
    {
      userId,
      email: 'Ada@Example.com',
      role: 'member',
    },
  );
}

export function memberRoleChanged(tenantId: string, userId: string, time: string) {
  return createEvent(
    MemberRoleChanged,
    { tenantId, ...at(time) },
    {
      userId,
      role: 'admin',
      previousRole: 'member',
    },
  );
}

export function memberRemoved(tenantId: string, userId: string, time: string) {
  return createEvent(MemberRemoved, { tenantId, ...at(time) }, { userId });
}

export function webMessage(
  tenantId: string,
  conversationId: string,
  agentId: string,
  userId: string,
  time: string,
  text = 'Hello there',
) {
  return createEvent(
    MessageReceived,
    { tenantId, ...at(time) },
    {
      conversationId,
      connectionId: null,
      sender: { id: userId, displayName: 'Ada', isBot: false },
      text,
      metadata: { channel: 'web', userId, agentId, clientMessageId: randomUUID() },
    },
  );
}

export function slackMessage(
  tenantId: string,
  conversationId: string,
  connectionId: string,
  time: string,
) {
  return createEvent(
    MessageReceived,
    { tenantId, ...at(time) },
    {
      conversationId,
      connectionId,
      sender: { id: 'U0ADA', displayName: 'Ada', isBot: false },
      text: '<@U0BOT> can you help?',
      metadata: {
        channel: 'slack',
        teamId: 'T0123ABCD',
        channelId: 'C0GENERAL',
        channelType: 'channel',
        eventId: `Ev${randomUUID().slice(0, 8)}`,
        ts: '1700000000.000100',
        threadTs: '1700000000.000100',
        mentioned: true,
      },
    },
  );
}

export function messageRouted(
  message: KonstructEvent & { type: 'message.received' },
  agentId: string,
) {
  return createEvent(
    MessageRouted,
    { tenantId: message.tenantId, causedBy: message, ...at(message.occurredAt) },
    {
      conversationId: message.data.conversationId,
      messageId: message.id,
      agentId,
      channel: message.data.metadata.channel,
    },
  );
}

export function replyCompleted(
  message: KonstructEvent & { type: 'message.received' },
  agentId: string,
  time: string,
  text = 'Happy to help!',
) {
  return createEvent(
    ReplyCompleted,
    { tenantId: message.tenantId, causedBy: message, ...at(time) },
    {
      conversationId: message.data.conversationId,
      replyId: randomUUID(),
      messageId: message.id,
      agentId,
      text,
      finishReason: 'stop',
      model: 'gpt-test',
      usage: { inputTokens: 10, outputTokens: 5, estimated: false },
    },
  );
}

export function usageRecorded(
  tenantId: string,
  agentId: string,
  time: string,
  tokens: { input: number; output: number; cost: number },
  model = 'gpt-test',
) {
  return createEvent(
    UsageRecorded,
    { tenantId, ...at(time) },
    {
      agentId,
      conversationId: null,
      messageId: null,
      provider: 'openai',
      deployment: 'default',
      model,
      modelGroup: 'fast',
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      estimated: false,
      latencyMs: 120,
      timeToFirstTokenMs: null,
      costMicroUsd: tokens.cost,
      keySource: 'platform',
    },
  );
}

/**
 * A realistic mix for `count` events over `tenants`: per tenant an agent, conversations with a
 * user message and its reply, usage for each reply, and the agent reconfigured now and then.
 */
export function mixedEvents(
  tenants: readonly string[],
  count: number,
  startTime = Date.UTC(2026, 3, 1),
) {
  const agents = new Map(tenants.map((tenant) => [tenant, randomUUID()]));
  const events: KonstructEvent[] = [];
  for (let n = 0; events.length < count; n++) {
    const tenant = tenants[n % tenants.length] ?? randomUUID();
    const agent = agents.get(tenant) ?? randomUUID();
    const time = (offsetMs: number) => new Date(startTime + n * 1_000 + offsetMs).toISOString();
    const question = webMessage(
      tenant,
      randomUUID(),
      agent,
      randomUUID(),
      time(0),
      `question ${n}`,
    );
    events.push(question, replyCompleted(question, agent, time(10), `answer ${n}`));
    events.push(
      usageRecorded(tenant, agent, time(20), { input: n % 7, output: n % 5, cost: n % 11 }),
    );
    if (n % 5 === 0) events.push(agentConfigured(tenant, agent, time(30), `Agent ${n}`));
  }
  return events.slice(0, count);
}

/**
 * One valid example of every event type, built through `createEvent`, for the contract tests.
 */
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
  MessageRejected,
  MessageRouted,
  newEventId,
  ReplyCompleted,
  ReplyDelta,
  ReplyFailed,
  ReplyStarted,
  stableId,
  TenantCreated,
  TenantDeleted,
  TenantUpdated,
  UsageRecorded,
} from '../src/index.ts';

export function sampleEvents(tenantId: string = newEventId()): KonstructEvent[] {
  const origin = { tenantId };
  const conversationId = stableId(['slack', 'T0ACME', 'C0GENERAL', '1712345678.000100']);
  const agentId = newEventId();
  const connectionId = newEventId();
  const userId = newEventId();
  const messageId = newEventId();
  const replyId = newEventId();
  const reply = { conversationId, replyId, messageId, agentId };
  const secret = {
    keyId: 'k1',
    iv: 'AAAAAAAAAAAAAAAA',
    ciphertext: 'c2VjcmV0',
    tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
  };
  return [
    createEvent(MessageReceived, origin, {
      conversationId,
      connectionId,
      sender: { id: 'U0ANN', displayName: 'Ann', isBot: false },
      text: 'Hello Mara, can you summarise the Q3 plan?',
      metadata: {
        channel: 'slack',
        teamId: 'T0ACME',
        channelId: 'C0GENERAL',
        channelType: 'channel',
        eventId: 'Ev0123',
        ts: '1712345678.000100',
        threadTs: '1712345678.000100',
        mentioned: true,
      },
    }),
    createEvent(MessageRouted, origin, { conversationId, messageId, agentId, channel: 'slack' }),
    createEvent(MessageRejected, origin, {
      conversationId,
      messageId,
      channel: 'slack',
      reason: 'rate_limited',
      scope: 'tenant',
      retryAfterMs: 12_000,
      detail: '31 requests in the last minute; the limit is 30',
    }),
    createEvent(ReplyStarted, origin, reply),
    createEvent(ReplyDelta, origin, { ...reply, index: 0, text: 'Sure' }),
    createEvent(ReplyCompleted, origin, {
      ...reply,
      text: 'Sure — here is the summary.',
      finishReason: 'stop',
      model: 'gpt-test',
      usage: { inputTokens: 120, outputTokens: 40, estimated: false },
    }),
    createEvent(ReplyFailed, origin, {
      ...reply,
      errorCode: 'AllProvidersFailed',
      userMessage: 'Sorry, I could not answer just now.',
      referenceId: 'ref-123',
    }),
    createEvent(UsageRecorded, origin, {
      agentId,
      conversationId,
      messageId,
      provider: 'openai',
      deployment: 'openai-primary',
      model: 'gpt-test',
      modelGroup: 'quality',
      inputTokens: 120,
      outputTokens: 40,
      estimated: false,
      latencyMs: 850,
      timeToFirstTokenMs: 210,
      costMicroUsd: 1_250,
      keySource: 'platform',
    }),
    createEvent(TenantCreated, origin, { name: 'Acme', slug: 'acme', rateLimitPerMinute: 30 }),
    createEvent(TenantUpdated, origin, { rateLimitPerMinute: 60 }),
    createEvent(TenantDeleted, origin, {}),
    createEvent(AgentConfigured, origin, {
      agentId,
      name: 'Mara',
      role: 'Customer success specialist',
      persona: 'Professional and warm.',
      escalationRules: [{ kind: 'human_requested' }],
      modelPreference: 'quality',
    }),
    createEvent(AgentDeactivated, origin, { agentId }),
    createEvent(ConnectionAdded, origin, {
      connectionId,
      agentId,
      connection: { channel: 'slack', teamId: 'T0ACME', botUserId: 'U0BOT', botToken: secret },
    }),
    createEvent(ConnectionRemoved, origin, { connectionId }),
    createEvent(MemberInvited, origin, { userId, email: 'Ann@Example.com', role: 'member' }),
    createEvent(MemberRoleChanged, origin, { userId, role: 'admin', previousRole: 'member' }),
    createEvent(MemberRemoved, origin, { userId }),
  ];
}

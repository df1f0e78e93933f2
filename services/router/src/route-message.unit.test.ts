import type { RoutingFacts } from '@konstruct/read-model';
import { describe, expect, test } from 'vitest';
import {
  admitMessage,
  type RateLimitVerdict,
  type ReceivedMessage,
  type RoutingInput,
  routeMessage,
} from './route-message.ts';

const TENANT = '0190a000-0000-7000-8000-000000000001';
const CONNECTION = '0190a000-0000-7000-8000-000000000002';
const AGENT = '0190a000-0000-7000-8000-000000000003';
const BOUND = '0190a000-0000-7000-8000-000000000004';
const USER = '0190a000-0000-7000-8000-000000000005';

function slackMessage(
  overrides: Partial<{ mentioned: boolean; channelType: 'channel' | 'im' }> = {},
): ReceivedMessage {
  return {
    conversationId: '0190a000-0000-7000-8000-0000000000c1',
    connectionId: CONNECTION,
    sender: { id: 'U0ANA', displayName: 'Ana', isBot: false },
    text: 'hello',
    attachments: [],
    metadata: {
      channel: 'slack',
      teamId: 'T0ACME',
      channelId: 'C0GENERAL',
      channelType: overrides.channelType ?? 'channel',
      eventId: 'Ev01',
      ts: '1700000001.000100',
      threadTs: '1700000001.000100',
      mentioned: overrides.mentioned ?? true,
    },
  };
}

const webMessage: ReceivedMessage = {
  conversationId: '0190a000-0000-7000-8000-0000000000c2',
  connectionId: null,
  sender: { id: USER, displayName: 'Ana', isBot: false },
  text: 'hello',
  attachments: [],
  metadata: { channel: 'web', userId: USER, agentId: BOUND, clientMessageId: 'c1' },
};

const facts: RoutingFacts = {
  tenant: { status: 'active', rateLimitPerMinute: 30 },
  connection: { status: 'active', agentId: null },
  namedAgent: undefined,
  defaultAgent: { agentId: AGENT, active: true },
};

function input(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return { tenantId: TENANT, message: slackMessage(), facts, threadEngaged: false, ...overrides };
}

const allowed: RateLimitVerdict[] = [
  { scope: 'tenant', allowed: true, retryAfterMs: 0, pointsPerMinute: 30 },
  { scope: 'channel', allowed: true, retryAfterMs: 0, pointsPerMinute: 30 },
];

describe('routeMessage', () => {
  test('a mention for an active tenant goes to its default active agent and engages the thread', () => {
    expect(routeMessage(input(), allowed)).toEqual({
      kind: 'routed',
      agentId: AGENT,
      engagesThread: true,
    });
  });

  test('the agent bound to the connection wins over the default', () => {
    const bound = {
      ...facts,
      connection: { status: 'active' as const, agentId: BOUND },
      namedAgent: { agentId: BOUND, active: true },
    };
    expect(routeMessage(input({ facts: bound }), allowed)).toMatchObject({ agentId: BOUND });
  });

  test('a web message goes to the agent it names, limited per user, without a thread', () => {
    const web = { ...facts, connection: undefined, namedAgent: { agentId: BOUND, active: true } };
    const admission = admitMessage(input({ message: webMessage, facts: web }));
    expect(admission).toMatchObject({ kind: 'admitted', agentId: BOUND, engagesThread: false });
    expect(admission.kind === 'admitted' && admission.limits[1]?.subject).toEqual(['web', USER]);
  });

  test('a deleted or unknown tenant is rejected tenant_deleted', () => {
    const deleted = { ...facts, tenant: { status: 'deleted' as const, rateLimitPerMinute: 30 } };
    expect(routeMessage(input({ facts: deleted }), allowed)).toMatchObject({
      kind: 'rejected',
      reason: 'tenant_deleted',
    });
    expect(routeMessage(input({ facts: { ...facts, tenant: undefined } }), allowed)).toMatchObject({
      reason: 'tenant_deleted',
    });
  });

  test('a removed connection is rejected connection_removed', () => {
    const removed = { ...facts, connection: { status: 'removed' as const, agentId: null } };
    expect(routeMessage(input({ facts: removed }), allowed)).toMatchObject({
      reason: 'connection_removed',
    });
  });

  test('no agent at all, or a bound agent that does not exist, is rejected no_agent', () => {
    expect(
      routeMessage(input({ facts: { ...facts, defaultAgent: undefined } }), allowed),
    ).toMatchObject({ reason: 'no_agent' });
    const dangling = { ...facts, connection: { status: 'active' as const, agentId: BOUND } };
    expect(routeMessage(input({ facts: dangling }), allowed)).toMatchObject({
      reason: 'no_agent',
    });
  });

  test('an inactive agent is rejected agent_inactive with a sentence for operators', () => {
    const inactive = { ...facts, defaultAgent: { agentId: AGENT, active: false } };
    const decision = routeMessage(input({ facts: inactive }), allowed);
    expect(decision).toMatchObject({ kind: 'rejected', reason: 'agent_inactive' });
    expect(decision.kind === 'rejected' && decision.detail).toContain(AGENT);
  });

  test('over the tenant limit: rejected rate_limited, scope tenant, with retryAfterMs', () => {
    const verdicts: RateLimitVerdict[] = [
      { scope: 'tenant', allowed: false, retryAfterMs: 41_250.4, pointsPerMinute: 30 },
      { scope: 'channel', allowed: false, retryAfterMs: 10_000, pointsPerMinute: 30 },
    ];
    expect(routeMessage(input(), verdicts)).toEqual({
      kind: 'rejected',
      reason: 'rate_limited',
      scope: 'tenant',
      retryAfterMs: 41_251,
      detail: 'The tenant is over its limit of 30 messages per minute; retry in 42 s.',
    });
  });

  test('over the channel limit only: rejected with scope channel', () => {
    const verdicts: RateLimitVerdict[] = [
      { scope: 'tenant', allowed: true, retryAfterMs: 0, pointsPerMinute: 30 },
      { scope: 'channel', allowed: false, retryAfterMs: 5_000, pointsPerMinute: 30 },
    ];
    expect(routeMessage(input(), verdicts)).toMatchObject({
      scope: 'channel',
      retryAfterMs: 5_000,
    });
  });

  test('asks for the tenant limit and the Slack channel limit at the tenant threshold', () => {
    const limited = { ...facts, tenant: { status: 'active' as const, rateLimitPerMinute: 7 } };
    expect(admitMessage(input({ facts: limited }))).toMatchObject({
      limits: [
        { scope: 'tenant', subject: [], pointsPerMinute: 7 },
        { scope: 'channel', subject: ['slack', 'T0ACME', 'C0GENERAL'], pointsPerMinute: 7 },
      ],
    });
  });
});

describe('thread replies without a mention (CHAN-02)', () => {
  const reply = slackMessage({ mentioned: false });

  test('are ignored in a thread the agent does not follow, before any other check', () => {
    const deleted = { ...facts, tenant: { status: 'deleted' as const, rateLimitPerMinute: 30 } };
    expect(routeMessage(input({ message: reply, facts: deleted }), allowed)).toMatchObject({
      kind: 'ignored',
    });
  });

  test('are routed in an engaged thread, refreshing it', () => {
    expect(routeMessage(input({ message: reply, threadEngaged: true }), allowed)).toEqual({
      kind: 'routed',
      agentId: AGENT,
      engagesThread: true,
    });
  });

  test('a DM needs no mention and no engaged thread', () => {
    const dm = slackMessage({ mentioned: false, channelType: 'im' });
    expect(routeMessage(input({ message: dm }), allowed)).toMatchObject({ kind: 'routed' });
  });
});

/**
 * Events published with the bus publisher become rows with the right values in every projection
 * table, under their own tenant, applied by the live projector on the app role.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitForProjection } from '../src/index.ts';
import {
  createProjectorHarness,
  type ProjectorHarness,
  type Snapshot,
} from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
const tenant = randomUUID();
const agent = randomUUID();
const connection = randomUUID();
const user = randomUUID();
const webConversation = randomUUID();
const slackConversation = randomUUID();
let snapshot: Snapshot;
let lastSequence: number;
const question = ev.webMessage(tenant, webConversation, agent, user, '2026-03-01T10:00:00.000Z');
const slackQuestion = ev.slackMessage(
  tenant,
  slackConversation,
  connection,
  '2026-03-01T11:00:00.000Z',
);

beforeAll(async () => {
  h = await createProjectorHarness();
  await h.start();
  lastSequence = await h.publish([
    ev.tenantCreated(tenant, '2026-03-01T09:00:00.000Z', 'acme'),
    ev.tenantUpdated(tenant, '2026-03-01T09:01:00.000Z', { rateLimitPerMinute: 60 }),
    ev.agentConfigured(tenant, agent, '2026-03-01T09:02:00.000Z'),
    ev.agentDeactivated(tenant, agent, '2026-03-01T09:03:00.000Z'),
    ev.connectionAdded(tenant, connection, agent, '2026-03-01T09:04:00.000Z'),
    ev.memberInvited(tenant, user, '2026-03-01T09:05:00.000Z'),
    ev.memberRoleChanged(tenant, user, '2026-03-01T09:06:00.000Z'),
    question,
    ev.messageRouted(question, agent),
    ev.replyCompleted(question, agent, '2026-03-01T10:00:05.000Z', 'Happy   to\nhelp!'),
    ev.usageRecorded(tenant, agent, '2026-03-01T10:00:05.000Z', { input: 10, output: 5, cost: 70 }),
    ev.usageRecorded(tenant, agent, '2026-03-01T23:59:59.000Z', { input: 1, output: 2, cost: 3 }),
    ev.usageRecorded(tenant, agent, '2026-03-02T00:00:01.000+02:00', {
      input: 4,
      output: 4,
      cost: 4,
    }),
    slackQuestion,
    ev.connectionRemoved(tenant, connection, '2026-03-01T12:00:00.000Z'),
  ]);
  await waitForProjection(h.database.appDb, lastSequence);
  snapshot = await h.snapshot([tenant]);
});

afterAll(async () => {
  await h?.cleanup();
});

const date = (iso: string) => new Date(iso);

describe('the live projector', () => {
  test('projects the tenant with its update applied and its version counting its events', () => {
    expect(snapshot.tenants).toEqual([
      {
        tenant_id: tenant,
        slug: 'acme',
        name: 'Tenant acme',
        created_at: date('2026-03-01T09:00:00.000Z'),
        rate_limit_per_minute: 60,
        status: 'active',
        deleted_at: null,
        version: 2,
        updated_at: date('2026-03-01T09:01:00.000Z'),
      },
    ]);
  });

  test('projects every AGNT-01 field of the agent, deactivated by the later event', () => {
    expect(snapshot.agents).toEqual([
      {
        tenant_id: tenant,
        agent_id: agent,
        name: 'Mara',
        role: 'Support specialist',
        persona: 'warm',
        system_prompt: 'Help customers.',
        job_description: '',
        statement_of_work: '',
        tools: ['search'],
        escalation_rules: [{ kind: 'keyword', keywords: ['refund'] }],
        escalation_target: { email: 'ops@example.com' },
        model_preference: 'fast',
        active: false,
        version: 2,
        created_at: date('2026-03-01T09:02:00.000Z'),
        updated_at: date('2026-03-01T09:03:00.000Z'),
      },
    ]);
  });

  test('keeps the connection with its encrypted token, marked removed', () => {
    expect(snapshot.channel_connections).toEqual([
      {
        tenant_id: tenant,
        connection_id: connection,
        channel: 'slack',
        team_id: 'T0123ABCD',
        team_name: 'Acme',
        bot_user_id: 'U0BOT',
        bot_token: ev.SECRET,
        agent_id: agent,
        status: 'removed',
        created_at: date('2026-03-01T09:04:00.000Z'),
        removed_at: date('2026-03-01T12:00:00.000Z'),
        version: 2,
        updated_at: date('2026-03-01T12:00:00.000Z'),
      },
    ]);
  });

  test('projects the member with the changed role', () => {
    expect(snapshot.members).toEqual([
      {
        tenant_id: tenant,
        user_id: user,
        email: 'ada@example.com',
        role: 'admin',
        status: 'active',
        version: 2,
        created_at: date('2026-03-01T09:05:00.000Z'),
        updated_at: date('2026-03-01T09:06:00.000Z'),
      },
    ]);
  });

  test('projects web and Slack conversations with their last message', () => {
    const byId = new Map(snapshot.conversations.map((row) => [row.conversation_id, row]));
    expect(byId.get(webConversation)).toEqual({
      tenant_id: tenant,
      conversation_id: webConversation,
      channel: 'web',
      agent_id: agent,
      connection_id: null,
      slack_team_id: null,
      slack_channel_id: null,
      slack_thread_ts: null,
      web_user_id: user,
      started_at: date('2026-03-01T10:00:00.000Z'),
      last_message_at: date('2026-03-01T10:00:05.000Z'),
      last_message_preview: 'Happy to help!',
      last_message_sequence: BigInt(lastSequence - 5),
    });
    expect(byId.get(slackConversation)).toMatchObject({
      channel: 'slack',
      agent_id: null,
      connection_id: connection,
      slack_team_id: 'T0123ABCD',
      slack_channel_id: 'C0GENERAL',
      slack_thread_ts: '1700000000.000100',
      web_user_id: null,
      last_message_preview: '<@U0BOT> can you help?',
    });
  });

  test('projects the user message and the agent reply of the web conversation', () => {
    const turns = snapshot.messages.filter((row) => row.conversation_id === webConversation);
    expect(turns.sort((a, b) => Number(a.stream_sequence) - Number(b.stream_sequence))).toEqual([
      expect.objectContaining({
        message_id: question.id,
        role: 'user',
        sender_id: user,
        sender_display_name: 'Ada',
        sender_is_bot: false,
        agent_id: null,
        reply_to_message_id: null,
        text: 'Hello there',
        attachments: [],
        occurred_at: date('2026-03-01T10:00:00.000Z'),
      }),
      expect.objectContaining({
        role: 'agent',
        sender_id: agent,
        sender_display_name: null,
        sender_is_bot: true,
        agent_id: agent,
        reply_to_message_id: question.id,
        text: 'Happy   to\nhelp!',
      }),
    ]);
  });

  test('adds usage up per agent, UTC day, provider and model', () => {
    expect(
      snapshot.usage_daily.map((row) => ({ ...row, day: (row.day as Date).toISOString() })),
    ).toEqual([
      {
        tenant_id: tenant,
        agent_id: agent,
        day: new Date(2026, 2, 1).toISOString(),
        provider: 'openai',
        model: 'gpt-test',
        calls: 3n,
        input_tokens: 15n,
        output_tokens: 11n,
        cost_micro_usd: 77n,
      },
    ]);
  });
});

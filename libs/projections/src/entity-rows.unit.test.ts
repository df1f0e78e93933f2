/**
 * Given a tenant, agent, connection or member event, the row values its projection writes.
 */
import { randomUUID } from 'node:crypto';
import {
  AgentConfigured,
  ConnectionAdded,
  createEvent,
  MemberInvited,
  TenantCreated,
  TenantDeleted,
  TenantUpdated,
} from '@konstruct/schemas';
import { describe, expect, test } from 'vitest';
import { agentConfiguredRow } from './agent-rows.ts';
import { connectionAddedRow } from './connection-rows.ts';
import { memberInvitedRow } from './member-rows.ts';
import { tenantCreatedRow, tenantDeletedChanges, tenantUpdatedChanges } from './tenant-rows.ts';

const tenantId = randomUUID();
const origin = { tenantId, occurredAt: new Date('2026-01-02T03:04:05.000Z') };
const time = '2026-01-02T03:04:05.000Z';

describe('tenant rows', () => {
  test('tenant.created inserts an active tenant at version 1 with the default rate limit', () => {
    const event = createEvent(TenantCreated, origin, { name: 'Acme', slug: 'acme' });
    expect(tenantCreatedRow(event)).toEqual({
      tenant_id: tenantId,
      slug: 'acme',
      name: 'Acme',
      rate_limit_per_minute: 30,
      status: 'active',
      deleted_at: null,
      version: 1,
      created_at: time,
      updated_at: time,
    });
  });

  test('tenant.updated changes only the fields it carries', () => {
    const event = createEvent(TenantUpdated, origin, { rateLimitPerMinute: 90 });
    expect(tenantUpdatedChanges(event)).toEqual({ rate_limit_per_minute: 90, updated_at: time });
  });

  test('tenant.deleted marks the tenant deleted at the event time', () => {
    const event = createEvent(TenantDeleted, origin, {});
    expect(tenantDeletedChanges(event)).toEqual({
      status: 'deleted',
      deleted_at: time,
      updated_at: time,
    });
  });
});

describe('agent rows', () => {
  test('agent.configured carries every AGNT-01 field, defaults applied, lists as JSON', () => {
    const agentId = randomUUID();
    const event = createEvent(AgentConfigured, origin, { agentId, name: 'Mara', role: 'Support' });
    expect(agentConfiguredRow(event)).toEqual({
      tenant_id: tenantId,
      agent_id: agentId,
      name: 'Mara',
      role: 'Support',
      persona: '',
      system_prompt: '',
      job_description: '',
      statement_of_work: '',
      tools: '[]',
      escalation_rules: '[]',
      escalation_target: null,
      model_preference: 'quality',
      active: true,
      version: 1,
      created_at: time,
      updated_at: time,
    });
  });
});

describe('connection rows', () => {
  test('connection.added keeps the bot token encrypted, exactly as the event carries it', () => {
    const connectionId = randomUUID();
    const botToken = { keyId: 'k', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' };
    const event = createEvent(ConnectionAdded, origin, {
      connectionId,
      agentId: null,
      connection: { channel: 'slack', teamId: 'T1', botUserId: 'U1', botToken },
    });
    expect(connectionAddedRow(event)).toEqual({
      tenant_id: tenantId,
      connection_id: connectionId,
      channel: 'slack',
      team_id: 'T1',
      team_name: null,
      bot_user_id: 'U1',
      bot_token: JSON.stringify(botToken),
      agent_id: null,
      status: 'active',
      created_at: time,
      removed_at: null,
      version: 1,
      updated_at: time,
    });
  });
});

describe('member rows', () => {
  test('member.invited is an active member with the (lower-cased) email', () => {
    const userId = randomUUID();
    const event = createEvent(MemberInvited, origin, {
      userId,
      email: 'Ada@Example.COM',
      role: 'admin',
    });
    expect(memberInvitedRow(event)).toEqual({
      tenant_id: tenantId,
      user_id: userId,
      email: 'ada@example.com',
      role: 'admin',
      status: 'active',
      version: 1,
      created_at: time,
      updated_at: time,
    });
  });
});

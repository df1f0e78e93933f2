/**
 * Shared fixtures for the admin specifications: one given/when/then spec per aggregate, the ids
 * they use, and ready-made event histories. Planned events are compared by type and validated
 * data, so every expectation also proves the planned data satisfies the event contract.
 */
import type { AgentConfiguration, EncryptedSecret } from '@konstruct/schemas';
import { deciderSpec } from '@konstruct/testing';
import type { AdminPlannedEvent } from '../src/admin-planned-event.ts';
import { type AgentEvent, evolveAgent, initialAgentState } from '../src/agent/agent-state.ts';
import {
  type ConnectionDetails,
  type ConnectionEvent,
  evolveConnection,
  initialConnectionState,
} from '../src/connection/connection-state.ts';
import { evolveMember, initialMemberState, type MemberEvent } from '../src/member/member-state.ts';
import {
  evolveTenant,
  initialTenantState,
  type TenantEvent,
  type TenantState,
} from '../src/tenant/tenant-state.ts';

export const TENANT_ID = '0195f0a0-0000-7000-8000-000000000001';
export const OTHER_TENANT_ID = '0195f0a0-0000-7000-8000-000000000002';
export const AGENT_ID = '0195f0a0-0000-7000-8000-0000000000a1';
export const CONNECTION_ID = '0195f0a0-0000-7000-8000-0000000000c1';
export const OTHER_CONNECTION_ID = '0195f0a0-0000-7000-8000-0000000000c2';
export const USER_ID = '0195f0a0-0000-7000-8000-0000000000e1';

export const BOT_TOKEN: EncryptedSecret = {
  keyId: '0123456789abcdef',
  iv: 'AAAAAAAAAAAAAAAA',
  ciphertext: 'Y2lwaGVydGV4dA==',
  tag: 'AAAAAAAAAAAAAAAAAAAAAA==',
};

/** A planned event as compared: its type and its data as the contract parses it. */
export function normalize(event: AdminPlannedEvent): unknown {
  return { type: event.definition.type, data: event.definition.data.parse(event.data) };
}

export const tenantSpec = deciderSpec({
  evolve: evolveTenant,
  initialState: initialTenantState,
  normalize,
});
export const agentSpec = deciderSpec({
  evolve: evolveAgent,
  initialState: initialAgentState,
  normalize,
});
export const connectionSpec = deciderSpec({
  evolve: evolveConnection,
  initialState: initialConnectionState,
  normalize,
});
export const memberSpec = deciderSpec({
  evolve: evolveMember,
  initialState: initialMemberState,
  normalize,
});

export const tenantCreated: TenantEvent = {
  type: 'tenant.created',
  data: { name: 'Acme', slug: 'acme', rateLimitPerMinute: 30 },
};
export const tenantDeleted: TenantEvent = { type: 'tenant.deleted', data: {} };

export function tenantAfter(events: readonly TenantEvent[]): TenantState {
  return events.reduce(evolveTenant, initialTenantState());
}
export const activeTenant = tenantAfter([tenantCreated]);
export const deletedTenant = tenantAfter([tenantCreated, tenantDeleted]);
export const absentTenant = initialTenantState();

/** Mara's full configuration, as `agent.configured` carries it. */
export const MARA: AgentConfiguration = {
  agentId: AGENT_ID,
  name: 'Mara',
  role: 'Customer support',
  persona: '',
  systemPrompt: '',
  jobDescription: '',
  statementOfWork: '',
  tools: [],
  escalationRules: [],
  escalationTarget: null,
  modelPreference: 'quality',
  active: true,
};

/** `agent.configured` for Mara with some fields changed. */
export function agentConfigured(changes: Partial<AgentConfiguration> = {}): AgentEvent {
  return { type: 'agent.configured', data: { ...MARA, ...changes } };
}
export const maraConfigured = agentConfigured();
export const maraDeactivated: AgentEvent = {
  type: 'agent.deactivated',
  data: { agentId: AGENT_ID },
};

/** What `connection.added` records for workspace T0123ABCD, answered by the default agent. */
export const SLACK_CONNECTION: ConnectionDetails = {
  connectionId: CONNECTION_ID,
  agentId: null,
  connection: { channel: 'slack', teamId: 'T0123ABCD', botUserId: 'U0BOT', botToken: BOT_TOKEN },
};
export const slackConnected: ConnectionEvent = { type: 'connection.added', data: SLACK_CONNECTION };
export const connectionRemoved: ConnectionEvent = {
  type: 'connection.removed',
  data: { connectionId: CONNECTION_ID },
};

export const adminInvited: MemberEvent = {
  type: 'member.invited',
  data: { userId: USER_ID, email: 'ada@example.com', role: 'admin' },
};
export const memberInvited: MemberEvent = {
  type: 'member.invited',
  data: { userId: USER_ID, email: 'ada@example.com', role: 'member' },
};
export const memberRemoved: MemberEvent = { type: 'member.removed', data: { userId: USER_ID } };

import { AgentConfigured, AgentDeactivated } from '@konstruct/schemas';
import { describe, expect, it } from 'vitest';
import {
  AGENT_ID,
  absentTenant,
  activeTenant,
  agentConfigured,
  agentSpec,
  deletedTenant,
  MARA,
  maraConfigured,
  maraDeactivated,
  TENANT_ID,
} from '../../test/specs.ts';
import { plan } from '../decision.ts';
import type { ConfigureAgent } from './agent-commands.ts';
import type { AgentState } from './agent-state.ts';
import { agentIsActive } from './agent-state.ts';
import { decideConfigureAgent, decideDeactivateAgent } from './decide-agent.ts';

const mara = MARA;

function configure(agent: AgentState, fields: Omit<ConfigureAgent, 'tenantId' | 'agentId'>) {
  return decideConfigureAgent(
    { tenant: activeTenant, agent, otherAgentNames: ['Alex'] },
    { tenantId: TENANT_ID, agentId: AGENT_ID, ...fields },
  );
}

describe('configureAgent: a new agent', () => {
  it('is created with the contract defaults for every field not given', () => {
    agentSpec
      .given([])
      .when((agent) => configure(agent, { name: 'Mara', role: 'Customer support' }))
      .then([plan(AgentConfigured, mara)]);
  });

  it('keeps every AGNT-01 field given', () => {
    const full = {
      name: 'Priya',
      role: 'Sales assistant',
      persona: 'Cheerful and precise',
      systemPrompt: 'Answer in English.',
      jobDescription: 'Qualify leads',
      statementOfWork: 'Reply to inbound leads within a day',
      tools: ['crm.lookup'],
      escalationRules: [{ kind: 'keyword' as const, keywords: ['refund'] }],
      escalationTarget: { email: 'sales@example.com' },
      modelPreference: 'fast' as const,
      active: false,
    };
    agentSpec
      .given([])
      .when((agent) => configure(agent, full))
      .then([plan(AgentConfigured, { agentId: AGENT_ID, ...full })]);
  });

  it('needs a name and a role', () => {
    agentSpec
      .given([])
      .when((agent) => configure(agent, { name: 'Mara' }))
      .thenFails('InvalidInput', /name and a role/);
  });

  it('cannot take the name of another active agent, whatever its case', () => {
    const error = agentSpec
      .given([])
      .when((agent) => configure(agent, { name: ' alex ', role: 'Support' }))
      .thenFails('AgentNameTaken');
    expect(error.message).toContain('e.g. "Mara"');
  });

  it('may share a name with an active agent while it is itself inactive', () => {
    agentSpec
      .given([])
      .when((agent) => configure(agent, { name: 'Alex', role: 'Support', active: false }))
      .then([plan(AgentConfigured, { ...mara, name: 'Alex', role: 'Support', active: false })]);
  });

  it('cannot be created in a missing or deleted tenant', () => {
    const command = { tenantId: TENANT_ID, agentId: AGENT_ID, name: 'Mara', role: 'Support' };
    agentSpec
      .given([])
      .when((agent) =>
        decideConfigureAgent({ tenant: absentTenant, agent, otherAgentNames: [] }, command),
      )
      .thenFails('TenantNotFound');
    agentSpec
      .given([])
      .when((agent) =>
        decideConfigureAgent({ tenant: deletedTenant, agent, otherAgentNames: [] }, command),
      )
      .thenFails('TenantDeleted');
  });
});

describe('configureAgent: an existing agent', () => {
  it('merges the given fields over its configuration and plans the full definition', () => {
    agentSpec
      .given([maraConfigured])
      .when((agent) => configure(agent, { persona: 'Warm', tools: ['kb.search'] }))
      .then([plan(AgentConfigured, { ...mara, persona: 'Warm', tools: ['kb.search'] })]);
  });

  it('can clear the escalation target', () => {
    const withTarget = agentConfigured({ escalationTarget: { email: 'a@b.co' } });
    agentSpec
      .given([withTarget])
      .when((agent) => configure(agent, { escalationTarget: null }))
      .then([plan(AgentConfigured, mara)]);
  });

  it('refuses a configuration that changes nothing', () => {
    agentSpec
      .given([maraConfigured])
      .when((agent) => configure(agent, { name: 'Mara', modelPreference: 'quality' }))
      .thenFails('NothingToChange');
  });

  it('cannot be renamed to the name of another active agent', () => {
    agentSpec
      .given([maraConfigured])
      .when((agent) => configure(agent, { name: 'ALEX' }))
      .thenFails('AgentNameTaken');
  });

  it('cannot be reactivated while another active agent has its name', () => {
    const alexConfigured = agentConfigured({ name: 'Alex' });
    agentSpec
      .given([alexConfigured, maraDeactivated])
      .when((agent) => configure(agent, { active: true }))
      .thenFails('AgentNameTaken');
  });

  it('is reactivated by configuring it active', () => {
    agentSpec
      .given([maraConfigured, maraDeactivated])
      .when((agent) => configure(agent, { active: true }))
      .then([plan(AgentConfigured, mara)]);
  });

  it('refuses a change based on an outdated version', () => {
    agentSpec
      .given([maraConfigured, maraDeactivated])
      .when((agent) => configure(agent, { active: true, expectedVersion: 1 }))
      .thenFails('StaleWrite', /Agent "Mara" was changed by someone else \(version 2, you had 1\)/);
  });
});

describe('deactivateAgent', () => {
  const deactivate = { tenantId: TENANT_ID, agentId: AGENT_ID };

  it('deactivates an active agent', () => {
    agentSpec
      .given([maraConfigured])
      .when((agent) => decideDeactivateAgent(agent, { ...deactivate, reason: 'on leave' }))
      .then([plan(AgentDeactivated, { agentId: AGENT_ID, reason: 'on leave' })]);
  });

  it('an inactive agent cannot be deactivated again', () => {
    agentSpec
      .given([maraConfigured, maraDeactivated])
      .when((agent) => decideDeactivateAgent(agent, deactivate))
      .thenFails('AgentInactive');
  });

  it('a missing agent cannot be deactivated', () => {
    agentSpec
      .given([])
      .when((agent) => decideDeactivateAgent(agent, deactivate))
      .thenFails('AgentNotFound');
  });

  it('refuses a deactivation based on an outdated version', () => {
    agentSpec
      .given([maraConfigured, agentConfigured({ persona: 'x' })])
      .when((agent) => decideDeactivateAgent(agent, { ...deactivate, expectedVersion: 1 }))
      .thenFails('StaleWrite');
  });
});

describe('agent state', () => {
  it('is active after configuration and inactive after deactivation', () => {
    expect(agentIsActive(agentSpec.given([maraConfigured]).state)).toBe(true);
    const deactivated = agentSpec.given([maraConfigured, maraDeactivated]).state;
    expect(agentIsActive(deactivated)).toBe(false);
    expect(deactivated.version).toBe(2);
  });
});

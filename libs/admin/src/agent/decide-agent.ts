/**
 * Decides the agent commands. `configureAgent` creates an agent or merges the given fields over
 * its configuration and plans the full definition (`agent.configured` carries all of it);
 * `deactivateAgent` stops it. Names are unique among a tenant's active agents: the shell passes
 * the other active agents' names, read from the tenant's agents.
 */

import { isDeepStrictEqual } from 'node:util';
import { type AgentConfiguration, AgentConfigured, AgentDeactivated } from '@konstruct/schemas';
import {
  accept,
  type DecisionResult,
  fail,
  type PlannedEventOf,
  plan,
  reject,
} from '../decision.ts';
import { definedOnly } from '../defined-only.ts';
import { checkExpectedVersion } from '../expected-version.ts';
import { inactiveTenantError, type TenantState, tenantIsActive } from '../tenant/tenant-state.ts';
import type { ConfigureAgent, DeactivateAgent } from './agent-commands.ts';
import { suggestAgentName } from './agent-names.ts';
import { type AgentState, sameAgentName } from './agent-state.ts';

export type AgentPlannedEvent = PlannedEventOf<typeof AgentConfigured | typeof AgentDeactivated>;
type AgentDecision = DecisionResult<AgentPlannedEvent>;

type AgentDefaults = Omit<AgentConfiguration, 'agentId' | 'name' | 'role'>;

/** The values of a new agent's optional fields (the event contract's defaults). */
export function newAgentDefaults(): AgentDefaults {
  return {
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
}

export interface ConfigureAgentGiven {
  readonly tenant: TenantState;
  readonly agent: AgentState;
  /** Names of the tenant's other active agents (this agent excluded). */
  readonly otherAgentNames: readonly string[];
}

function nextConfiguration(agent: AgentState, command: ConfigureAgent): AgentConfiguration | null {
  const { tenantId: _tenantId, expectedVersion: _version, agentId, ...settings } = command;
  const given = definedOnly(settings);
  if (agent.status === 'configured') return { ...agent.config, ...given, agentId };
  const { name, role } = given;
  if (name === undefined || role === undefined) return null;
  return { ...newAgentDefaults(), ...given, agentId, name, role };
}

function nameTaken(agent: AgentState, next: AgentConfiguration, others: readonly string[]) {
  if (!next.active) return false;
  const renamedOrActivated =
    agent.status === 'absent' ||
    !agent.config.active ||
    !sameAgentName(agent.config.name, next.name);
  return renamedOrActivated && others.some((other) => sameAgentName(other, next.name));
}

export function decideConfigureAgent(
  { tenant, agent, otherAgentNames }: ConfigureAgentGiven,
  command: ConfigureAgent,
): AgentDecision {
  if (!tenantIsActive(tenant)) return fail(inactiveTenantError(tenant));
  const what = agent.status === 'configured' ? `Agent "${agent.config.name}"` : 'This agent';
  const stale = checkExpectedVersion(what, agent.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const next = nextConfiguration(agent, command);
  if (next === null) {
    return reject('InvalidInput', 'A new agent needs a name and a role; give both.');
  }
  if (agent.status === 'configured' && isDeepStrictEqual(agent.config, next)) {
    return reject('NothingToChange', `${what} already has this configuration; nothing was saved.`);
  }
  if (nameTaken(agent, next, otherAgentNames)) {
    const suggestion = suggestAgentName([...otherAgentNames, next.name]);
    return reject(
      'AgentNameTaken',
      `Another active agent is already called "${next.name}"; choose another name, e.g. "${suggestion}".`,
    );
  }
  return accept(plan(AgentConfigured, next));
}

export function decideDeactivateAgent(agent: AgentState, command: DeactivateAgent): AgentDecision {
  if (agent.status === 'absent') {
    return reject('AgentNotFound', 'This agent does not exist; check the agent id.');
  }
  const what = `Agent "${agent.config.name}"`;
  if (!agent.config.active) return reject('AgentInactive', `${what} is already inactive.`);
  const stale = checkExpectedVersion(what, agent.version, command.expectedVersion);
  if (stale !== null) return fail(stale);
  const reason = command.reason === undefined ? {} : { reason: command.reason };
  return accept(plan(AgentDeactivated, { agentId: command.agentId, ...reason }));
}

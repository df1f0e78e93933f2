/**
 * Agent commands (AGNT-01): configure (create or change) and deactivate an AI employee. A name
 * must be unique among the tenant's active agents, read from the stream at decision time.
 */
import {
  agentIsActive,
  ConfigureAgentInput,
  DeactivateAgentInput,
  decideConfigureAgent,
  decideDeactivateAgent,
  evolveAgent,
  initialAgentState,
} from '@konstruct/admin';
import { newEventId, subjectToken } from '@konstruct/schemas';
import {
  type AdminStoreDeps,
  type CommandResult,
  commit,
  decided,
  fold,
  load,
  parseOrThrow,
} from './admin-store.ts';
import { loadTenant } from './tenant-commands.ts';
import { foldEntitiesOfKind } from './tenant-entities.ts';

const agentEntity = (agentId: string) => ({ entity: 'agent' as const, id: agentId });

export async function loadAgent(deps: AdminStoreDeps, tenantId: string, agentId: string) {
  const loaded = await load(deps, tenantId, agentEntity(agentId));
  return { loaded, state: fold(loaded, initialAgentState(), evolveAgent) };
}

async function otherActiveAgentNames(deps: AdminStoreDeps, tenantId: string, agentId: string) {
  const agents = await foldEntitiesOfKind(deps, tenantId, 'agent', initialAgentState, evolveAgent);
  const names: string[] = [];
  for (const [token, state] of agents) {
    if (token === subjectToken(agentId)) continue;
    if (agentIsActive(state)) names.push(state.config.name);
  }
  return names;
}

export async function configureAgent(deps: AdminStoreDeps, input: unknown): Promise<CommandResult> {
  const given = typeof input === 'object' && input !== null ? input : {};
  const command = parseOrThrow(ConfigureAgentInput, { agentId: newEventId(), ...given });
  const [{ state: tenant }, { loaded, state: agent }, otherAgentNames] = await Promise.all([
    loadTenant(deps, command.tenantId),
    loadAgent(deps, command.tenantId, command.agentId),
    otherActiveAgentNames(deps, command.tenantId, command.agentId),
  ]);
  const planned = decided(decideConfigureAgent({ tenant, agent, otherAgentNames }, command));
  return commit(deps, loaded, planned);
}

export async function deactivateAgent(
  deps: AdminStoreDeps,
  input: unknown,
): Promise<CommandResult> {
  const command = parseOrThrow(DeactivateAgentInput, input);
  const { loaded, state } = await loadAgent(deps, command.tenantId, command.agentId);
  return commit(deps, loaded, decided(decideDeactivateAgent(state, command)));
}

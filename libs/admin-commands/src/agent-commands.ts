/**
 * Agent commands (AGNT-01): configure (create or change) and deactivate an AI employee. A name
 * must be unique among the tenant's active agents, read from the stream at decision time.
 */
import {
  type AgentState,
  agentIsActive,
  ConfigureAgentInput,
  DeactivateAgentInput,
  decideConfigureAgent,
  decideDeactivateAgent,
  evolveAgent,
  initialAgentState,
} from '@konstruct/admin';
import { releaseClaim } from '@konstruct/event-store';
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
import { claimOrFail } from './unique-claim.ts';

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

/** The claim that makes an active agent's name unique in its tenant under concurrent writes. */
const nameClaim = (tenantId: string, name: string) => `${tenantId}:${name.trim().toLowerCase()}`;

function activeName(state: AgentState): string | undefined {
  return agentIsActive(state) ? state.config.name : undefined;
}

function claimAgentName(deps: AdminStoreDeps, tenantId: string, agentId: string, name: string) {
  return claimOrFail(deps, {
    kind: 'agent-name',
    value: nameClaim(tenantId, name),
    holder: { tenantId, entity: 'agent', id: agentId },
    stillHolds: async (holder) => {
      const { state } = await loadAgent(deps, holder.tenantId, holder.id);
      return activeName(state)?.trim().toLowerCase() === name.trim().toLowerCase();
    },
    conflict: {
      code: 'AgentNameTaken',
      message: `Another active agent of this tenant is called "${name}"; choose another name.`,
    },
  });
}

function releaseAgentName(deps: AdminStoreDeps, tenantId: string, agentId: string, name: string) {
  const holder = { tenantId, entity: 'agent', id: agentId };
  return releaseClaim(deps.bucket, deps.subjects, 'agent-name', nameClaim(tenantId, name), holder);
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
  const after = planned.reduce(
    (state, item) =>
      evolveAgent(state, {
        type: item.definition.type,
        data: item.definition.data.parse(item.data),
      } as never),
    agent,
  );
  const [before, next] = [activeName(agent), activeName(after)];
  const renamed = next !== undefined && next.trim().toLowerCase() !== before?.trim().toLowerCase();
  if (renamed) await claimAgentName(deps, command.tenantId, command.agentId, next);
  try {
    const result = await commit(deps, loaded, planned);
    if (before !== undefined && (next === undefined || renamed)) {
      await releaseAgentName(deps, command.tenantId, command.agentId, before);
    }
    return result;
  } catch (error) {
    if (renamed) await releaseAgentName(deps, command.tenantId, command.agentId, next);
    throw error;
  }
}

export async function deactivateAgent(
  deps: AdminStoreDeps,
  input: unknown,
): Promise<CommandResult> {
  const command = parseOrThrow(DeactivateAgentInput, input);
  const { loaded, state } = await loadAgent(deps, command.tenantId, command.agentId);
  const result = await commit(deps, loaded, decided(decideDeactivateAgent(state, command)));
  const name = activeName(state);
  if (name !== undefined) await releaseAgentName(deps, command.tenantId, command.agentId, name);
  return result;
}

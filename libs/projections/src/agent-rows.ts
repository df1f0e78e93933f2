/**
 * Pure mapping of `agent.configured` to an `agents` row: every AGNT-01 field of the agent's full
 * definition (the event's defaults already applied by the registry), lists and objects as JSON.
 */
import type { Database } from '@konstruct/db';
import type { Insertable } from 'kysely';
import { jsonColumn, nullableJsonColumn } from './json-column.ts';
import type { EventOfType } from './projection.ts';

export type AgentRow = Insertable<Database['agents']>;

export function agentConfiguredRow(event: EventOfType<'agent.configured'>): AgentRow {
  const agent = event.data;
  return {
    tenant_id: event.tenantId,
    agent_id: agent.agentId,
    name: agent.name,
    role: agent.role,
    persona: agent.persona,
    system_prompt: agent.systemPrompt,
    job_description: agent.jobDescription,
    statement_of_work: agent.statementOfWork,
    tools: jsonColumn(agent.tools),
    escalation_rules: jsonColumn(agent.escalationRules),
    escalation_target: nullableJsonColumn(agent.escalationTarget),
    model_preference: agent.modelPreference,
    active: agent.active,
    version: 1,
    created_at: event.occurredAt,
    updated_at: event.occurredAt,
  };
}

export type AgentEvent = EventOfType<'agent.configured' | 'agent.deactivated'>;

/** Deactivations of an agent that came before its first configuration in a run. */
export interface AgentDeactivations {
  readonly tenant_id: string;
  readonly agent_id: string;
  readonly count: number;
  readonly updated_at: string;
}

export interface AgentRunFold {
  /** Applied first, to a row that may exist already: `active` off, `version` + count. */
  readonly leadingDeactivations: readonly AgentDeactivations[];
  /**
   * One upsert row per agent configured in the run: the last configuration, `active` off when
   * a deactivation followed it, `version` = events from its first configuration on (added to
   * the stored version), `updated_at` = the last event, `created_at` = the first configuration.
   */
  readonly upserts: readonly AgentRow[];
}

interface AgentAccumulator {
  leading?: AgentDeactivations;
  row?: AgentRow & { version: number };
}

function step(acc: AgentAccumulator, event: AgentEvent): AgentAccumulator {
  if (event.type === 'agent.configured') {
    const row = agentConfiguredRow(event);
    const version = (acc.row?.version ?? 0) + 1;
    const created_at = acc.row?.created_at ?? row.created_at;
    return { ...acc, row: { ...row, version, created_at } };
  }
  if (acc.row !== undefined) {
    return {
      ...acc,
      row: {
        ...acc.row,
        active: false,
        version: acc.row.version + 1,
        updated_at: event.occurredAt,
      },
    };
  }
  const count = (acc.leading?.count ?? 0) + 1;
  const leading = {
    tenant_id: event.tenantId,
    agent_id: event.data.agentId,
    count,
    updated_at: event.occurredAt,
  };
  return { ...acc, leading };
}

/** Folds a run of agent events (stream order) into as few writes as applying them one by one. */
export function foldAgentEvents(events: readonly AgentEvent[]): AgentRunFold {
  const byAgent = new Map<string, AgentAccumulator>();
  for (const event of events) {
    byAgent.set(event.data.agentId, step(byAgent.get(event.data.agentId) ?? {}, event));
  }
  const folds = [...byAgent.values()];
  return {
    leadingDeactivations: folds.flatMap((fold) =>
      fold.leading === undefined ? [] : [fold.leading],
    ),
    upserts: folds.flatMap((fold) => (fold.row === undefined ? [] : [fold.row])),
  };
}

/**
 * `agents`: the latest `agent.configured` of each agent (it carries the whole definition), with
 * `active` cleared by `agent.deactivated`. `version` counts the agent's events. No reference to
 * `tenants`: an agent may be projected before its tenant. Every write also names the event's
 * tenant, so an agent id already projected under another tenant is never overwritten — not even
 * by a rebuild running as a superuser owner, whom RLS does not bind. A run of events costs one
 * multi-row upsert (plus an update per agent deactivated before its first configuration in it).
 */
import type { Database, Transaction } from '@konstruct/db';
import { sql } from 'kysely';
import {
  type AgentDeactivations,
  type AgentEvent,
  type AgentRow,
  foldAgentEvents,
} from './agent-rows.ts';
import { defineProjection, type ProjectedEvent } from './projection.ts';

const REPLACED_COLUMNS = [
  'name',
  'role',
  'persona',
  'system_prompt',
  'job_description',
  'statement_of_work',
  'tools',
  'escalation_rules',
  'escalation_target',
  'model_preference',
  'active',
  'updated_at',
] as const;

async function deactivate(
  trx: Transaction<Database>,
  { tenant_id, agent_id, count, updated_at }: AgentDeactivations,
): Promise<void> {
  await trx
    .updateTable('agents')
    .set({ active: false, version: sql<number>`version + ${count}`, updated_at })
    .where('tenant_id', '=', tenant_id)
    .where('agent_id', '=', agent_id)
    .execute();
}

async function upsertAgents(trx: Transaction<Database>, rows: readonly AgentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('agents')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .column('agent_id')
        .doUpdateSet((eb) => ({
          ...Object.fromEntries(
            REPLACED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)]),
          ),
          version: sql<number>`agents.version + excluded.version`,
        }))
        .whereRef('agents.tenant_id', '=', 'excluded.tenant_id'),
    )
    .execute();
}

/** Applies a run of agent events as `foldAgentEvents` plans it (the same effect, fewer writes). */
async function applyAgentEvents(
  trx: Transaction<Database>,
  entries: readonly ProjectedEvent<AgentEvent>[],
): Promise<void> {
  const fold = foldAgentEvents(entries.map((entry) => entry.event));
  for (const deactivations of fold.leadingDeactivations) await deactivate(trx, deactivations);
  await upsertAgents(trx, fold.upserts);
}

export const agentsProjection = defineProjection({
  name: 'agents',
  eventTypes: ['agent.configured', 'agent.deactivated'],
  tables: ['agents'],
  apply: (trx, event, sequence) => applyAgentEvents(trx, [{ event, sequence }]),
  applyMany: applyAgentEvents,
});

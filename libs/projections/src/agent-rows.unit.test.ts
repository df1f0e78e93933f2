/**
 * The agent fold writes what applying the events one by one would: given any run of
 * configurations and deactivations of a few agents, and any stored row before it, the fold's
 * writes (leading deactivations, then the upserts) end in the same row as the sequential model.
 */
import { randomUUID } from 'node:crypto';
import { AgentConfigured, AgentDeactivated, createEvent } from '@konstruct/schemas';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type AgentEvent,
  type AgentRow,
  agentConfiguredRow,
  foldAgentEvents,
} from './agent-rows.ts';

const tenantId = randomUUID();
const agents = [randomUUID(), randomUUID()];
type Stored = Map<string, AgentRow>;

function configured(agentId: string, minute: number, active: boolean) {
  return createEvent(
    AgentConfigured,
    { tenantId, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) },
    {
      agentId,
      name: `Name ${minute}`,
      role: 'Role',
      active,
    },
  );
}

function deactivated(agentId: string, minute: number): AgentEvent {
  return createEvent(
    AgentDeactivated,
    { tenantId, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) },
    { agentId },
  );
}

/** What the projection's per-event SQL does, in memory. */
function sequentially(stored: Stored, events: readonly AgentEvent[]): Stored {
  const rows = new Map(stored);
  for (const event of events) {
    const current = rows.get(event.data.agentId);
    if (event.type === 'agent.configured') {
      const row = agentConfiguredRow(event);
      rows.set(
        event.data.agentId,
        current === undefined
          ? row
          : { ...row, created_at: current.created_at, version: (current.version ?? 0) + 1 },
      );
    } else if (current !== undefined) {
      rows.set(event.data.agentId, {
        ...current,
        active: false,
        version: (current.version ?? 0) + 1,
        updated_at: event.occurredAt,
      });
    }
  }
  return rows;
}

/** What the projection's batch SQL does with the fold, in memory. */
function folded(stored: Stored, events: readonly AgentEvent[]): Stored {
  const rows = new Map(stored);
  const fold = foldAgentEvents(events);
  for (const { agent_id, count, updated_at } of fold.leadingDeactivations) {
    const current = rows.get(agent_id);
    if (current !== undefined)
      rows.set(agent_id, {
        ...current,
        active: false,
        version: (current.version ?? 0) + count,
        updated_at,
      });
  }
  for (const row of fold.upserts) {
    const current = rows.get(row.agent_id);
    rows.set(
      row.agent_id,
      current === undefined
        ? row
        : {
            ...row,
            created_at: current.created_at,
            version: (current.version ?? 0) + (row.version ?? 0),
          },
    );
  }
  return rows;
}

describe('foldAgentEvents', () => {
  test('ends in the same rows as applying the events one by one', () => {
    const eventSpec = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(eventSpec, { maxLength: 10 }), fc.boolean(), (specs, existing) => {
        const events = specs.map(([isConfig, which, active], minute) =>
          isConfig
            ? configured(agents[which] ?? '', minute, active)
            : deactivated(agents[which] ?? '', minute),
        );
        const before: Stored = new Map();
        if (existing)
          before.set(agents[0] ?? '', {
            ...agentConfiguredRow(configured(agents[0] ?? '', 59, true)),
            version: 4,
          });
        expect(folded(before, events)).toEqual(sequentially(before, events));
      }),
    );
  });

  test('a deactivation before the first configuration is kept apart, to apply to a stored row', () => {
    const [agent] = agents as [string];
    const fold = foldAgentEvents([
      deactivated(agent, 1),
      configured(agent, 2, true),
      deactivated(agent, 3),
    ]);
    expect(fold.leadingDeactivations).toEqual([
      { tenant_id: tenantId, agent_id: agent, count: 1, updated_at: '2026-01-01T00:01:00.000Z' },
    ]);
    expect(fold.upserts).toMatchObject([
      {
        agent_id: agent,
        active: false,
        version: 2,
        updated_at: '2026-01-01T00:03:00.000Z',
        created_at: '2026-01-01T00:02:00.000Z',
      },
    ]);
  });
});

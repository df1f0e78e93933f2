import { createPublisher, silentLogger } from '@konstruct/bus';
import {
  AgentConfigured,
  AgentDeactivated,
  createEvent,
  type KonstructEvent,
  newEventId,
} from '@konstruct/schemas';
import { createTestBus, eventually, type TestBus } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AgentDirectory, openAgentDirectory } from '../src/agent-directory.ts';
import type { AnsweringAgent } from '../src/handle-message-routed.ts';

const profile = (persona: string): AnsweringAgent => ({
  name: 'Mara',
  role: 'Support lead',
  persona,
  systemPrompt: '',
  jobDescription: '',
  statementOfWork: '',
  modelPreference: 'fast',
});

describe('agent directory (real NATS): cached agents kept current by agent events', () => {
  let bus: TestBus;
  let directory: AgentDirectory;
  const reads: string[] = [];
  /** What the read model would answer, per agent id; a read waits for `gate` when set. */
  const readModel = new Map<string, AnsweringAgent>();
  let gate: Promise<void> | undefined;
  const tenantId = newEventId();

  const publish = (event: KonstructEvent) =>
    createPublisher({ nc: bus.nc, subjects: bus.subjects, logger: silentLogger() }).publish(event);

  const configured = (agentId: string, persona: string) =>
    createEvent(
      AgentConfigured,
      { tenantId },
      {
        ...profile(persona),
        agentId,
        tools: [],
        escalationRules: [],
        escalationTarget: null,
        active: true,
      },
    );

  beforeAll(async () => {
    bus = await createTestBus();
    directory = openAgentDirectory(
      bus.nc,
      bus.subjects,
      async (_tenant, agentId) => {
        reads.push(agentId);
        await gate;
        return readModel.get(agentId);
      },
      { ttlMs: 60_000, maxEntries: 100 },
    );
  });

  afterAll(async () => {
    directory.close();
    await bus.cleanup();
  });

  test('a miss reads the read model once; the next message uses the cache', async () => {
    const agentId = newEventId();
    readModel.set(agentId, profile('calm'));
    expect((await directory.get(tenantId, agentId))?.persona).toBe('calm');
    expect((await directory.get(tenantId, agentId))?.persona).toBe('calm');
    expect(reads.filter((id) => id === agentId)).toHaveLength(1);
  });

  test('agent.configured replaces the entry at once, before any projection; deactivated drops it', async () => {
    const agentId = newEventId();
    readModel.set(agentId, profile('calm'));
    await directory.get(tenantId, agentId);
    await publish(configured(agentId, 'cheerful'));
    await eventually(
      async () =>
        (await directory.get(tenantId, agentId))?.persona === 'cheerful' ? true : undefined,
      'the new persona',
    );
    expect(reads.filter((id) => id === agentId)).toHaveLength(1);
    await publish(createEvent(AgentDeactivated, { tenantId }, { agentId }));
    await eventually(async () => {
      await directory.get(tenantId, agentId);
      return reads.filter((id) => id === agentId).length === 2 ? true : undefined;
    }, 'a read after the deactivation');
  });

  test('another tenant’s event for the same agent id changes nothing here', async () => {
    const agentId = newEventId();
    readModel.set(agentId, profile('calm'));
    await directory.get(tenantId, agentId);
    const other = createEvent(
      AgentConfigured,
      { tenantId: newEventId() },
      {
        ...profile('intruder'),
        agentId,
        tools: [],
        escalationRules: [],
        escalationTarget: null,
        active: true,
      },
    );
    await publish(other);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await directory.get(tenantId, agentId))?.persona).toBe('calm');
  });

  test('a read that began before an event never overwrites the event', async () => {
    const agentId = newEventId();
    readModel.set(agentId, profile('stale'));
    let open: () => void = () => undefined;
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const pending = directory.get(tenantId, agentId);
    await publish(configured(agentId, 'fresh'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    open();
    gate = undefined;
    await pending;
    expect((await directory.get(tenantId, agentId))?.persona).toBe('fresh');
  });
});

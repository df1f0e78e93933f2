/**
 * The agents this instance answers as, cached, so a message costs no Postgres transaction for
 * its agent. A miss reads the read model; `agent.configured` (which carries the agent's whole
 * definition) replaces the entry as soon as it is published — on core NATS, the stored event
 * also reaches plain subscribers — so an edit in the Agent Designer applies to the next message
 * without waiting for the projector; `agent.deactivated` drops it. A read that began before
 * such an event never overwrites it. Entries also expire (`ttlMs`) in case an event was missed
 * while disconnected, and at most `maxEntries` are kept.
 */
import {
  AgentConfigured,
  AgentDeactivated,
  eventRegistry,
  parseEventAt,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { AnsweringAgent } from './handle-message-routed.ts';

export interface AgentDirectory {
  get(tenantId: string, agentId: string): Promise<AnsweringAgent | undefined>;
  close(): void;
}

interface Entry {
  readonly agent: AnsweringAgent;
  readonly expiresAt: number;
}

export function openAgentDirectory(
  nc: NatsConnection,
  subjects: Subjects,
  read: (tenantId: string, agentId: string) => Promise<AnsweringAgent | undefined>,
  options: { readonly ttlMs: number; readonly maxEntries: number; readonly now?: () => number },
): AgentDirectory {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  /** Bumped by every event about the key, so a read that started earlier is not stored. */
  const generations = new Map<string, number>();
  const keyOf = (tenantId: string, agentId: string) => `${tenantId}/${agentId}`;
  const store = (key: string, agent: AnsweringAgent) => {
    entries.delete(key);
    entries.set(key, { agent, expiresAt: now() + options.ttlMs });
    if (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };
  const onEvent = (error: Error | null, msg: { string(): string; subject: string }) => {
    if (error !== null) return;
    const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
    if (!parsed.ok) return;
    const { event } = parsed;
    if (event.type !== 'agent.configured' && event.type !== 'agent.deactivated') return;
    const key = keyOf(event.tenantId, event.data.agentId);
    generations.set(key, (generations.get(key) ?? 0) + 1);
    if (event.type === 'agent.deactivated') {
      entries.delete(key);
      return;
    }
    const { name, role, persona, systemPrompt, jobDescription, statementOfWork } = event.data;
    store(key, {
      name,
      role,
      persona,
      systemPrompt,
      jobDescription,
      statementOfWork,
      modelPreference: event.data.modelPreference,
    });
  };
  const subscriptions: Subscription[] = [
    nc.subscribe(subjects.eventsOfType(AgentConfigured.type), { callback: onEvent }),
    nc.subscribe(subjects.eventsOfType(AgentDeactivated.type), { callback: onEvent }),
  ];
  return {
    async get(tenantId, agentId) {
      const key = keyOf(tenantId, agentId);
      const cached = entries.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.agent;
      const generation = generations.get(key) ?? 0;
      const agent = await read(tenantId, agentId);
      const raced = (generations.get(key) ?? 0) !== generation;
      if (raced) return entries.get(key)?.agent ?? agent;
      if (agent !== undefined) store(key, agent);
      return agent;
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}

/**
 * Every event the platform knows, in one registry. Adding an event type means adding its
 * definition here; a new version of a type adds the definition and its upcaster.
 */
import type { EventOf } from './define-event.ts';
import { createEventRegistry, type Upcaster } from './event-registry.ts';
import { AgentConfigured, AgentDeactivated } from './events/agent.ts';
import { ConnectionAdded, ConnectionRemoved } from './events/connection.ts';
import { MemberInvited, MemberRemoved, MemberRoleChanged } from './events/member.ts';
import { MessageReceived, MessageRejected, MessageRouted } from './events/message.ts';
import { ReplyCompleted, ReplyDelta, ReplyFailed, ReplyStarted } from './events/reply.ts';
import { TenantCreated, TenantDeleted, TenantUpdated } from './events/tenant.ts';
import { UsageRecorded } from './events/usage.ts';

export const eventDefinitions = [
  MessageReceived,
  MessageRouted,
  MessageRejected,
  ReplyStarted,
  ReplyDelta,
  ReplyCompleted,
  ReplyFailed,
  UsageRecorded,
  TenantCreated,
  TenantUpdated,
  TenantDeleted,
  AgentConfigured,
  AgentDeactivated,
  ConnectionAdded,
  ConnectionRemoved,
  MemberInvited,
  MemberRoleChanged,
  MemberRemoved,
] as const;

/** Upcasters from older versions; empty until a type gets a v2. */
export const upcasters: readonly Upcaster[] = [];

export type KonstructEvent = EventOf<(typeof eventDefinitions)[number]>;
export type KonstructEventType = KonstructEvent['type'];

export const eventRegistry = createEventRegistry<KonstructEvent>(eventDefinitions, upcasters);

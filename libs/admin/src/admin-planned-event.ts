/**
 * The union of every event an admin decision may plan, for a shell that handles them all alike
 * (build each with `createEvent`, publish, wait for the projection).
 */
import type { AgentPlannedEvent } from './agent/decide-agent.ts';
import type { ConnectionPlannedEvent } from './connection/decide-connection.ts';
import type { MemberPlannedEvent } from './member/decide-member.ts';
import type { TenantPlannedEvent } from './tenant/decide-tenant.ts';

export type AdminPlannedEvent =
  | TenantPlannedEvent
  | AgentPlannedEvent
  | ConnectionPlannedEvent
  | MemberPlannedEvent;

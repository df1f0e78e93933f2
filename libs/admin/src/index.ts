/**
 * @konstruct/admin: tenants, agents, channel connections and members as pure deciders
 * (`initialState`, `evolve`, one `decide` per command) plus the shared validation of each
 * command's input. No I/O, clock or randomness: the shell loads state, decides, builds events
 * with `createEvent` and publishes them.
 */
export {
  ADMIN_ERROR_CODES,
  type AdminError,
  type AdminErrorCode,
  adminError,
  isAdminError,
} from './admin-error.ts';
export type { AdminPlannedEvent } from './admin-planned-event.ts';
export {
  agentSettingsFields,
  type ConfigureAgent,
  ConfigureAgentInput,
  type DeactivateAgent,
  DeactivateAgentInput,
} from './agent/agent-commands.ts';
export { SUGGESTED_AGENT_NAMES, suggestAgentName } from './agent/agent-names.ts';
export {
  type AbsentAgent,
  type AgentEvent,
  type AgentState,
  agentExists,
  agentIsActive,
  type ConfiguredAgent,
  evolveAgent,
  initialAgentState,
  sameAgentName,
} from './agent/agent-state.ts';
export {
  type AgentPlannedEvent,
  type ConfigureAgentGiven,
  decideConfigureAgent,
  decideDeactivateAgent,
  newAgentDefaults,
} from './agent/decide-agent.ts';
export { ExpectedVersion } from './command-fields.ts';
export {
  type AddSlackConnection,
  AddSlackConnectionInput,
  type RemoveConnection,
  RemoveConnectionInput,
} from './connection/connection-commands.ts';
export {
  type AbsentConnection,
  type ConnectedConnection,
  type ConnectionDetails,
  type ConnectionEvent,
  type ConnectionState,
  connectionIsActive,
  evolveConnection,
  initialConnectionState,
  type RemovedConnection,
} from './connection/connection-state.ts';
export {
  type AddSlackConnectionGiven,
  type ConnectionPlannedEvent,
  decideAddSlackConnection,
  decideRemoveConnection,
  type SlackTeamClaim,
} from './connection/decide-connection.ts';
export type { DecisionResult, PlannedEvent, PlannedEventOf } from './decision.ts';
export type { FactOf } from './fact.ts';
export {
  decideChangeMemberRole,
  decideInviteMember,
  decideRemoveMember,
  type InviteMemberGiven,
  type MemberChangeGiven,
  type MemberPlannedEvent,
} from './member/decide-member.ts';
export {
  type ChangeMemberRole,
  ChangeMemberRoleInput,
  type InviteMember,
  InviteMemberInput,
  type RemoveMember,
  RemoveMemberInput,
} from './member/member-commands.ts';
export {
  type AbsentMember,
  type CurrentMember,
  evolveMember,
  initialMemberState,
  isCurrentMember,
  type MemberDetails,
  type MemberEvent,
  type MemberState,
  memberRole,
  type RemovedMember,
} from './member/member-state.ts';
export { type FieldIssue, type ParsedCommand, parseCommand } from './parse-command.ts';
export { MAX_SLUG_LENGTH, type SlugResult, slugify } from './slugify.ts';
export {
  decideCreateTenant,
  decideDeleteTenant,
  decideUpdateTenant,
  type TenantPlannedEvent,
} from './tenant/decide-tenant.ts';
export {
  type CreateTenant,
  CreateTenantInput,
  type DeleteTenant,
  DeleteTenantInput,
  type UpdateTenant,
  UpdateTenantInput,
} from './tenant/tenant-commands.ts';
export {
  type AbsentTenant,
  type ActiveTenant,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  type DeletedTenant,
  evolveTenant,
  inactiveTenantError,
  initialTenantState,
  type TenantEvent,
  type TenantProfile,
  type TenantState,
  tenantIsActive,
} from './tenant/tenant-state.ts';

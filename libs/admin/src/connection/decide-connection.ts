/**
 * Decides the channel-connection commands. A Slack team may be connected to at most one tenant:
 * that rule spans tenants, so the shell enforces it with an atomic claim on the team id and
 * passes the current claim in; the decision refuses a team claimed by another connection.
 * Removing a connection needs only the connection, so it works even after the tenant is
 * deleted, and frees the team for another tenant.
 */
import { ConnectionAdded, ConnectionRemoved } from '@konstruct/schemas';
import type { AdminError } from '../admin-error.ts';
import { adminError } from '../admin-error.ts';
import type { AgentState } from '../agent/agent-state.ts';
import {
  accept,
  type DecisionResult,
  fail,
  type PlannedEventOf,
  plan,
  reject,
} from '../decision.ts';
import { checkExpectedVersion } from '../expected-version.ts';
import { inactiveTenantError, type TenantState, tenantIsActive } from '../tenant/tenant-state.ts';
import type { AddSlackConnection, RemoveConnection } from './connection-commands.ts';
import type { ConnectionState } from './connection-state.ts';

export type ConnectionPlannedEvent = PlannedEventOf<
  typeof ConnectionAdded | typeof ConnectionRemoved
>;
type ConnectionDecision = DecisionResult<ConnectionPlannedEvent>;

/** Who holds a Slack team now, from the shell's atomic claim; null when nobody does. */
export interface SlackTeamClaim {
  readonly tenantId: string;
  readonly connectionId: string;
}

export interface AddSlackConnectionGiven {
  readonly tenant: TenantState;
  readonly connection: ConnectionState;
  /** The state of the agent named by `command.agentId`; null when that is null. */
  readonly agent: AgentState | null;
  readonly teamClaimedBy: SlackTeamClaim | null;
}

function checkBoundAgent(agentId: string | null, agent: AgentState | null): AdminError | null {
  if (agentId === null) return null;
  if (agent === null || agent.status === 'absent') {
    return adminError(
      'AgentNotFound',
      'The agent chosen to answer on this connection does not exist; choose another agent.',
    );
  }
  if (!agent.config.active) {
    return adminError(
      'AgentInactive',
      `Agent "${agent.config.name}" is inactive; activate it or choose another agent.`,
    );
  }
  return null;
}

function checkTeamClaim(command: AddSlackConnection, claim: SlackTeamClaim | null) {
  if (claim === null || claim.connectionId === command.connectionId) return null;
  const where =
    claim.tenantId === command.tenantId
      ? 'this tenant already; remove that connection first.'
      : 'another tenant; it must be disconnected there first.';
  return adminError(
    'SlackTeamAlreadyConnected',
    `Slack workspace ${command.teamId} is connected to ${where}`,
  );
}

export function decideAddSlackConnection(
  { tenant, connection, agent, teamClaimedBy }: AddSlackConnectionGiven,
  command: AddSlackConnection,
): ConnectionDecision {
  if (!tenantIsActive(tenant)) return fail(inactiveTenantError(tenant));
  if (connection.status === 'connected') {
    return reject('ConnectionAlreadyExists', 'This connection already exists; nothing was added.');
  }
  if (connection.status === 'removed') {
    return reject(
      'ConnectionRemoved',
      'This connection was removed; connect the workspace again with a new connection id.',
    );
  }
  const stale = checkExpectedVersion(
    'This connection',
    connection.version,
    command.expectedVersion,
  );
  if (stale !== null) return fail(stale);
  const refused = checkBoundAgent(command.agentId, agent) ?? checkTeamClaim(command, teamClaimedBy);
  if (refused !== null) return fail(refused);
  const { teamId, teamName, botUserId, botToken } = command;
  return accept(
    plan(ConnectionAdded, {
      connectionId: command.connectionId,
      agentId: command.agentId,
      connection: {
        channel: 'slack',
        teamId,
        ...(teamName === undefined ? {} : { teamName }),
        botUserId,
        botToken,
      },
    }),
  );
}

export function decideRemoveConnection(
  connection: ConnectionState,
  command: RemoveConnection,
): ConnectionDecision {
  if (connection.status === 'absent') {
    return reject('ConnectionNotFound', 'This connection does not exist; check the connection id.');
  }
  if (connection.status === 'removed') {
    return reject('ConnectionRemoved', 'This connection was already removed.');
  }
  const stale = checkExpectedVersion(
    'This connection',
    connection.version,
    command.expectedVersion,
  );
  if (stale !== null) return fail(stale);
  return accept(plan(ConnectionRemoved, { connectionId: command.connectionId }));
}

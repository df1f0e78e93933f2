import { ConnectionAdded, ConnectionRemoved } from '@konstruct/schemas';
import { describe, expect, it } from 'vitest';
import {
  AGENT_ID,
  absentTenant,
  activeTenant,
  agentConfigured,
  BOT_TOKEN,
  CONNECTION_ID,
  connectionRemoved,
  connectionSpec,
  deletedTenant,
  maraConfigured,
  maraDeactivated,
  OTHER_CONNECTION_ID,
  OTHER_TENANT_ID,
  SLACK_CONNECTION,
  slackConnected,
  TENANT_ID,
} from '../../test/specs.ts';
import { evolveAgent, initialAgentState } from '../agent/agent-state.ts';
import { plan } from '../decision.ts';
import type { AddSlackConnection } from './connection-commands.ts';
import { connectionIsActive } from './connection-state.ts';
import {
  type AddSlackConnectionGiven,
  decideAddSlackConnection,
  decideRemoveConnection,
} from './decide-connection.ts';

const add: AddSlackConnection = {
  tenantId: TENANT_ID,
  connectionId: CONNECTION_ID,
  agentId: null,
  teamId: 'T0123ABCD',
  botUserId: 'U0BOT',
  botToken: BOT_TOKEN,
};
const activeMara = [maraConfigured].reduce(evolveAgent, initialAgentState());
const inactiveMara = [maraConfigured, maraDeactivated].reduce(evolveAgent, initialAgentState());
const noClaim: Omit<AddSlackConnectionGiven, 'connection'> = {
  tenant: activeTenant,
  agent: null,
  teamClaimedBy: null,
};

describe('addSlackConnection', () => {
  it("connects a Slack workspace to the tenant's default agent", () => {
    connectionSpec
      .given([])
      .when((connection) => decideAddSlackConnection({ ...noClaim, connection }, add))
      .then([plan(ConnectionAdded, SLACK_CONNECTION)]);
  });

  it('binds the connection to an active agent, keeping the team name', () => {
    const command = { ...add, agentId: AGENT_ID, teamName: 'Acme HQ' };
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection({ ...noClaim, connection, agent: activeMara }, command),
      )
      .then([
        plan(ConnectionAdded, {
          connectionId: CONNECTION_ID,
          agentId: AGENT_ID,
          connection: {
            channel: 'slack',
            teamId: 'T0123ABCD',
            teamName: 'Acme HQ',
            botUserId: 'U0BOT',
            botToken: BOT_TOKEN,
          },
        }),
      ]);
  });

  it('cannot bind a missing agent', () => {
    for (const agent of [null, initialAgentState()]) {
      connectionSpec
        .given([])
        .when((connection) =>
          decideAddSlackConnection(
            { ...noClaim, connection, agent },
            { ...add, agentId: AGENT_ID },
          ),
        )
        .thenFails('AgentNotFound');
    }
  });

  it('cannot bind an inactive agent', () => {
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection(
          { ...noClaim, connection, agent: inactiveMara },
          { ...add, agentId: AGENT_ID },
        ),
      )
      .thenFails('AgentInactive', /"Mara" is inactive/);
  });

  it('refuses a Slack workspace another tenant has connected, naming nothing of that tenant', () => {
    const error = connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection(
          {
            ...noClaim,
            connection,
            teamClaimedBy: { tenantId: OTHER_TENANT_ID, connectionId: OTHER_CONNECTION_ID },
          },
          add,
        ),
      )
      .thenFails('SlackTeamAlreadyConnected', /another tenant/);
    expect(error.message).not.toContain(OTHER_TENANT_ID);
    expect(error.message).not.toContain(OTHER_CONNECTION_ID);
  });

  it('refuses a Slack workspace this tenant has connected through another connection', () => {
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection(
          {
            ...noClaim,
            connection,
            teamClaimedBy: { tenantId: TENANT_ID, connectionId: OTHER_CONNECTION_ID },
          },
          add,
        ),
      )
      .thenFails('SlackTeamAlreadyConnected', /this tenant already/);
  });

  it('proceeds when the claim is its own (a retry after the claim was taken)', () => {
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection(
          {
            ...noClaim,
            connection,
            teamClaimedBy: { tenantId: TENANT_ID, connectionId: CONNECTION_ID },
          },
          add,
        ),
      )
      .then([plan(ConnectionAdded, SLACK_CONNECTION)]);
  });

  it('a connection cannot be added twice', () => {
    connectionSpec
      .given([slackConnected])
      .when((connection) => decideAddSlackConnection({ ...noClaim, connection }, add))
      .thenFails('ConnectionAlreadyExists');
  });

  it('a removed connection cannot be added again under the same id', () => {
    connectionSpec
      .given([slackConnected, connectionRemoved])
      .when((connection) => decideAddSlackConnection({ ...noClaim, connection }, add))
      .thenFails('ConnectionRemoved', /new connection id/);
  });

  it('a missing or deleted tenant cannot get a connection', () => {
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection({ ...noClaim, tenant: absentTenant, connection }, add),
      )
      .thenFails('TenantNotFound');
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection({ ...noClaim, tenant: deletedTenant, connection }, add),
      )
      .thenFails('TenantDeleted');
  });

  it('refuses an add based on an outdated version', () => {
    connectionSpec
      .given([])
      .when((connection) =>
        decideAddSlackConnection({ ...noClaim, connection }, { ...add, expectedVersion: 3 }),
      )
      .thenFails('StaleWrite');
  });

  it('never needs the agent state of an unbound connection', () => {
    const given = {
      ...noClaim,
      agent: [agentConfigured({ active: false })].reduce(evolveAgent, initialAgentState()),
    };
    connectionSpec
      .given([])
      .when((connection) => decideAddSlackConnection({ ...given, connection }, add))
      .then([plan(ConnectionAdded, SLACK_CONNECTION)]);
  });
});

describe('removeConnection', () => {
  const remove = { tenantId: TENANT_ID, connectionId: CONNECTION_ID };

  it('removes a connection', () => {
    connectionSpec
      .given([slackConnected])
      .when((connection) => decideRemoveConnection(connection, remove))
      .then([plan(ConnectionRemoved, { connectionId: CONNECTION_ID })]);
  });

  it('a missing connection cannot be removed', () => {
    connectionSpec
      .given([])
      .when((connection) => decideRemoveConnection(connection, remove))
      .thenFails('ConnectionNotFound');
  });

  it('a connection cannot be removed twice', () => {
    connectionSpec
      .given([slackConnected, connectionRemoved])
      .when((connection) => decideRemoveConnection(connection, remove))
      .thenFails('ConnectionRemoved');
  });

  it('refuses a removal based on an outdated version', () => {
    connectionSpec
      .given([slackConnected])
      .when((connection) => decideRemoveConnection(connection, { ...remove, expectedVersion: 0 }))
      .thenFails('StaleWrite');
  });
});

describe('connection state', () => {
  it('is active while connected', () => {
    expect(connectionIsActive(connectionSpec.given([slackConnected]).state)).toBe(true);
    const removed = connectionSpec.given([slackConnected, connectionRemoved]).state;
    expect(connectionIsActive(removed)).toBe(false);
    expect(removed.version).toBe(2);
  });
});

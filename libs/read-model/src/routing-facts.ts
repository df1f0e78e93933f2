/**
 * What the router needs to know about a received message's tenant (TNNT-02, CHAN-05): the
 * tenant's status and rate limit, the connection it came through and the agent bound to it,
 * and the agent that answers by default. One read inside the tenant's RLS scope (`withTenant`),
 * so a message can never be routed with another tenant's facts.
 */
import { type Database, type Kysely, withTenant } from '@konstruct/db';

export interface RoutingTenant {
  readonly status: 'active' | 'deleted';
  readonly rateLimitPerMinute: number;
}

export interface RoutingConnection {
  readonly status: 'active' | 'removed';
  /** The agent bound to the connection; null = the tenant's default agent. */
  readonly agentId: string | null;
}

export interface RoutingAgent {
  readonly agentId: string;
  readonly active: boolean;
}

export interface RoutingFacts {
  /** Undefined when the read model has no such tenant. */
  readonly tenant: RoutingTenant | undefined;
  /** Undefined when no connection id was asked for or the read model has none. */
  readonly connection: RoutingConnection | undefined;
  /** The agent asked for by id (a bound or web agent), when one was asked for and exists. */
  readonly namedAgent: RoutingAgent | undefined;
  /**
   * The tenant's default: its oldest active agent, else its oldest agent (inactive), else none.
   */
  readonly defaultAgent: RoutingAgent | undefined;
}

export interface RoutingFactsQuery {
  readonly tenantId: string;
  readonly connectionId: string | null;
  /** An agent named by the message itself (web chat); a bound agent is read from the connection. */
  readonly agentId: string | null;
}

export function findRoutingFacts(
  db: Kysely<Database>,
  query: RoutingFactsQuery,
): Promise<RoutingFacts> {
  return withTenant(db, query.tenantId, async (trx) => {
    const tenantRow = await trx
      .selectFrom('tenants')
      .select(['status', 'rate_limit_per_minute'])
      .where('tenant_id', '=', query.tenantId)
      .executeTakeFirst();
    const connectionRow =
      query.connectionId === null
        ? undefined
        : await trx
            .selectFrom('channel_connections')
            .select(['status', 'agent_id'])
            .where('connection_id', '=', query.connectionId)
            .executeTakeFirst();
    const namedAgentId = query.agentId ?? connectionRow?.agent_id ?? null;
    const namedRow =
      namedAgentId === null
        ? undefined
        : await trx
            .selectFrom('agents')
            .select(['agent_id', 'active'])
            .where('agent_id', '=', namedAgentId)
            .executeTakeFirst();
    const defaultRow = await trx
      .selectFrom('agents')
      .select(['agent_id', 'active'])
      .orderBy('active', 'desc')
      .orderBy('created_at')
      .orderBy('agent_id')
      .limit(1)
      .executeTakeFirst();
    const agent = (row: { agent_id: string; active: boolean } | undefined) =>
      row === undefined ? undefined : { agentId: row.agent_id, active: row.active };
    return {
      tenant:
        tenantRow === undefined
          ? undefined
          : { status: tenantRow.status, rateLimitPerMinute: tenantRow.rate_limit_per_minute },
      connection:
        connectionRow === undefined
          ? undefined
          : { status: connectionRow.status, agentId: connectionRow.agent_id },
      namedAgent: agent(namedRow),
      defaultAgent: agent(defaultRow),
    };
  });
}

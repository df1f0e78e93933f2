/**
 * The read model's rows as the resources operators see (CLI `--json`, portal): camelCase, `id`
 * at the top level, timestamps as ISO strings, bot tokens never in the clear.
 */
import type { Database } from '@konstruct/db';
import type { Selectable } from 'kysely';

const iso = (value: Date | string | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString()
      : new Date(value).toISOString();

export interface TenantResource {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly rateLimitPerMinute: number;
  readonly status: 'active' | 'deleted';
  readonly version: number;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
  readonly deletedAt: string | null;
}

export function tenantResource(row: Selectable<Database['tenants']>): TenantResource {
  return {
    id: row.tenant_id,
    name: row.name,
    slug: row.slug,
    rateLimitPerMinute: row.rate_limit_per_minute,
    status: row.status,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    deletedAt: iso(row.deleted_at),
  };
}

export function agentResource(row: Selectable<Database['agents']>) {
  return {
    id: row.agent_id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role,
    persona: row.persona,
    systemPrompt: row.system_prompt,
    jobDescription: row.job_description,
    statementOfWork: row.statement_of_work,
    tools: row.tools,
    escalationRules: row.escalation_rules,
    escalationTarget: row.escalation_target,
    modelPreference: row.model_preference,
    active: row.active,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
export type AgentResource = ReturnType<typeof agentResource>;

/** `describeToken` turns the stored encrypted token into what may be shown (masked). */
export function connectionResource(
  row: Selectable<Database['channel_connections']>,
  describeToken: (encrypted: unknown, connectionId: string) => string,
) {
  return {
    id: row.connection_id,
    tenantId: row.tenant_id,
    channel: row.channel,
    teamId: row.team_id,
    teamName: row.team_name,
    botUserId: row.bot_user_id,
    botToken: describeToken(row.bot_token, row.connection_id),
    agentId: row.agent_id,
    status: row.status,
    version: row.version,
    createdAt: iso(row.created_at),
    removedAt: iso(row.removed_at),
  };
}
export type ConnectionResource = ReturnType<typeof connectionResource>;

export function memberResource(row: Selectable<Database['members']>) {
  return {
    id: row.user_id,
    tenantId: row.tenant_id,
    email: row.email,
    role: row.role,
    status: row.status,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
export type MemberResource = ReturnType<typeof memberResource>;

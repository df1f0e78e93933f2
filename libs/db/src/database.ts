/**
 * The kysely table types of the Postgres read model, one interface per table created by
 * `migrations/`. They mirror the SQL exactly (snake_case columns); a migration that changes a
 * table changes its interface here in the same commit.
 *
 * Every table with a `tenant_id` is tenant-scoped under Row Level Security and is only read or
 * written inside `withTenant`. `projection_checkpoints` is platform-level and has no tenant.
 * The read-model tables (0002) are written only by the projector (@konstruct/projections); their
 * timestamps come from events, and `bigint` columns read back as JS `bigint`.
 */
import type { ColumnType } from 'kysely';

/** A value as Postgres `jsonb` returns it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A timestamp the database fills in on insert; readable as a `Date`. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a default on insert that writers set on update. */
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** One row per tenant; the tenant's id is its `tenant_id`, so the RLS rule stays uniform. */
export interface TenantsTable {
  tenant_id: string;
  /** Lowercase url-safe handle; unique across the platform by the write side's claim. */
  slug: string;
  name: string;
  /** When the tenant was created (the event's time when projected). */
  created_at: CreatedAt;
  rate_limit_per_minute: ColumnType<number, number | undefined, number>;
  status: ColumnType<TenantStatus, TenantStatus | undefined, TenantStatus>;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Events applied to the tenant: the `expectedVersion` of its next update. */
  version: ColumnType<number, number | undefined, number>;
  updated_at: UpdatedAt;
}

export type TenantStatus = 'active' | 'deleted';

/**
 * Per-tenant configuration by key (rate limits, model preference, …). `value` reads back as
 * parsed JSON; write it serialized (`JSON.stringify(value)`), because node-postgres would turn a
 * JS array into a Postgres array literal.
 */
export interface TenantSettingsTable {
  tenant_id: string;
  key: string;
  value: ColumnType<JsonValue, string, string>;
  updated_at: UpdatedAt;
}

/**
 * How far each projection has read the event stream (the JetStream stream sequence it last
 * applied). Platform-level: no `tenant_id`, no RLS. `bigint` is read back as a JS `bigint`.
 */
export interface ProjectionCheckpointsTable {
  projection: string;
  last_sequence: ColumnType<bigint, bigint | number, bigint | number>;
  updated_at: UpdatedAt;
}

/** A timestamp taken from an event: written on insert (and on update where it changes). */
type EventTime = ColumnType<Date, Date | string, Date | string>;
type NullableEventTime = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** `jsonb` read back parsed; written serialized (`JSON.stringify`). */
type Json = ColumnType<JsonValue, string, string>;
type NullableJson = ColumnType<JsonValue | null, string | null, string | null>;
/** A `bigint` counter or sequence: read as JS `bigint`, written as number or bigint. */
type BigIntColumn = ColumnType<bigint, bigint | number, bigint | number>;

/** AI employees (AGNT-01): the latest `agent.configured`, with `active` cleared by deactivation. */
export interface AgentsTable {
  tenant_id: string;
  agent_id: string;
  name: string;
  role: string;
  persona: string;
  system_prompt: string;
  job_description: string;
  statement_of_work: string;
  /** Tool names (a JSON array of strings). */
  tools: Json;
  /** `EscalationRule[]` as the event carries them. */
  escalation_rules: Json;
  /** `{ slackChannelId?, email? }` or null. */
  escalation_target: NullableJson;
  model_preference: 'fast' | 'quality';
  active: boolean;
  version: number;
  created_at: EventTime;
  updated_at: EventTime;
}

/** A Slack workspace connected to a tenant; `bot_token` stays the encrypted secret. */
export interface ChannelConnectionsTable {
  tenant_id: string;
  connection_id: string;
  channel: 'slack';
  team_id: string;
  team_name: string | null;
  bot_user_id: string;
  /** The `EncryptedSecret` ({keyId, iv, ciphertext, tag}) exactly as in the event. */
  bot_token: Json;
  agent_id: string | null;
  status: 'active' | 'removed';
  created_at: EventTime;
  removed_at: NullableEventTime;
  version: number;
  updated_at: EventTime;
}

/** Who belongs to a tenant's portal, with which role (PRTA-03). */
export interface MembersTable {
  tenant_id: string;
  user_id: string;
  email: string;
  role: 'admin' | 'member';
  status: 'active' | 'removed';
  version: number;
  created_at: EventTime;
  updated_at: EventTime;
}

/** One conversation (a Slack thread or a web chat), with its latest message for listings. */
export interface ConversationsTable {
  tenant_id: string;
  conversation_id: string;
  channel: 'slack' | 'web' | null;
  agent_id: string | null;
  connection_id: string | null;
  slack_team_id: string | null;
  slack_channel_id: string | null;
  slack_thread_ts: string | null;
  web_user_id: string | null;
  started_at: EventTime;
  last_message_at: NullableEventTime;
  last_message_preview: string | null;
  /** Stream sequence of the event that set the last message (the later one wins). */
  last_message_sequence: ColumnType<bigint | null, bigint | number | null, bigint | number | null>;
}

/** The turns of a conversation: user messages and agent replies, by their event id. */
export interface MessagesTable {
  tenant_id: string;
  message_id: string;
  conversation_id: string;
  role: 'user' | 'agent';
  sender_id: string;
  sender_display_name: string | null;
  sender_is_bot: boolean;
  agent_id: string | null;
  reply_to_message_id: string | null;
  text: string;
  /** The attachments of a user message (a JSON array; empty for replies). */
  attachments: Json;
  occurred_at: EventTime;
  stream_sequence: BigIntColumn;
}

/** LLM usage per tenant, agent, UTC day, provider and model (PRTA-06, LLM-03). */
export interface UsageDailyTable {
  tenant_id: string;
  agent_id: string;
  /** `YYYY-MM-DD` (UTC); node-postgres reads a `date` as a local-midnight `Date`. */
  day: ColumnType<Date, string, string>;
  provider: string;
  model: string;
  calls: BigIntColumn;
  input_tokens: BigIntColumn;
  output_tokens: BigIntColumn;
  cost_micro_usd: BigIntColumn;
}

/** Portal identities (0004); platform-level, not a projection: rebuilds never touch it. */
export interface UsersTable {
  user_id: string;
  email: string;
  password_hash: string;
  platform_admin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The audited record of cross-tenant reads (0003); append-only for the app role. */
export interface PlatformAccessLogTable {
  access_id: ColumnType<bigint, never, never>;
  actor: string;
  reason: string;
  accessed_at: CreatedAt;
  txid: ColumnType<bigint, never, never>;
}

export interface Database {
  users: UsersTable;
  platform_access_log: PlatformAccessLogTable;
  tenants: TenantsTable;
  tenant_settings: TenantSettingsTable;
  projection_checkpoints: ProjectionCheckpointsTable;
  agents: AgentsTable;
  channel_connections: ChannelConnectionsTable;
  members: MembersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  usage_daily: UsageDailyTable;
}

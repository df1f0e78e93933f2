-- 0002 read model: the tables the projector (@konstruct/projections) fills from the events stream.
--
-- Every row here is derived from events and can be rebuilt from the stream
-- (`konstruct projections rebuild`). Hence:
--   * no foreign keys: events of different aggregates may arrive in either order (an agent can be
--     configured before its tenant's tenant.created is projected, a connection can name an agent
--     not projected yet), and a projection must be rebuildable on its own. For the same reason the
--     FK tenant_settings -> tenants is dropped: it would make rebuilding `tenants` wipe settings.
--   * no uniqueness that the write side owns: a tenant slug is unique by the write side's claim;
--     a UNIQUE index here could only turn a valid event into one the projector cannot apply
--     (a stalled or dead-lettered projection), so tenants.slug gets a plain index instead.
--   * timestamps come from the events (occurred_at), never now(), so a rebuild reproduces every
--     column exactly.
--   * `version` counts the events applied to the aggregate (as the write side's evolve does), so
--     it is the expectedVersion a portal form sends back (optimistic concurrency).
--
-- Tenant rule (as in 0001, checked by findTablesWithoutTenantIsolation): every table with a
-- tenant_id has RLS enabled AND forced and the tenant_isolation policy (USING and WITH CHECK on
-- konstruct.tenant_id). The projector sets konstruct.tenant_id per event inside its batch
-- transaction; readers use withTenant.
--
-- Retention (OPS-03): usage_daily is kept (it is small: one row per tenant, agent, day, provider
-- and model). conversations and messages follow the events stream's retention
-- (KONSTRUCT_STREAM_MAX_AGE): a rebuild only reproduces what the stream still holds; pruning
-- messages older than the stream is left to a later issue.

-- migrate:up

ALTER TABLE tenant_settings DROP CONSTRAINT tenant_settings_tenant_id_fkey;

ALTER TABLE tenants DROP CONSTRAINT tenants_slug_key;
CREATE INDEX tenants_slug_idx ON tenants (slug);
ALTER TABLE tenants
  ADD COLUMN rate_limit_per_minute integer NOT NULL DEFAULT 30
    CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE agents (
  tenant_id          uuid NOT NULL,
  agent_id           uuid PRIMARY KEY,
  name               text NOT NULL,
  role               text NOT NULL,
  persona            text NOT NULL,
  system_prompt      text NOT NULL,
  job_description    text NOT NULL,
  statement_of_work  text NOT NULL,
  tools              jsonb NOT NULL,
  escalation_rules   jsonb NOT NULL,
  escalation_target  jsonb,
  model_preference   text NOT NULL CHECK (model_preference IN ('fast', 'quality')),
  active             boolean NOT NULL,
  version            integer NOT NULL CHECK (version >= 0),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX agents_tenant_idx ON agents (tenant_id, name);

CREATE TABLE channel_connections (
  tenant_id      uuid NOT NULL,
  connection_id  uuid PRIMARY KEY,
  channel        text NOT NULL CHECK (channel IN ('slack')),
  team_id        text NOT NULL,
  team_name      text,
  bot_user_id    text NOT NULL,
  -- The EncryptedSecret exactly as the event carries it ({keyId, iv, ciphertext, tag}); the
  -- projector never decrypts it.
  bot_token      jsonb NOT NULL,
  agent_id       uuid,
  status         text NOT NULL CHECK (status IN ('active', 'removed')),
  created_at     timestamptz NOT NULL,
  removed_at     timestamptz,
  version        integer NOT NULL CHECK (version >= 0),
  updated_at     timestamptz NOT NULL
);
CREATE INDEX channel_connections_tenant_idx ON channel_connections (tenant_id, created_at);
CREATE INDEX channel_connections_team_idx ON channel_connections (team_id) WHERE status = 'active';

CREATE TABLE members (
  tenant_id   uuid NOT NULL,
  user_id     uuid NOT NULL,
  email       text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'member')),
  status      text NOT NULL CHECK (status IN ('active', 'removed')),
  version     integer NOT NULL CHECK (version >= 0),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX members_user_idx ON members (user_id);

CREATE TABLE conversations (
  tenant_id              uuid NOT NULL,
  conversation_id        uuid PRIMARY KEY,
  -- Null only when the conversation's message.received is not (or no longer) in the stream.
  channel                text CHECK (channel IN ('slack', 'web')),
  agent_id               uuid,
  connection_id          uuid,
  -- External references: Slack team, channel and thread root; the portal user for web chat.
  slack_team_id          text,
  slack_channel_id       text,
  slack_thread_ts        text,
  web_user_id            uuid,
  started_at             timestamptz NOT NULL,
  last_message_at        timestamptz,
  last_message_preview   text,
  last_message_sequence  bigint
);
CREATE INDEX conversations_recent_idx ON conversations (tenant_id, last_message_at DESC);
CREATE INDEX conversations_web_user_idx ON conversations (tenant_id, web_user_id, agent_id)
  WHERE web_user_id IS NOT NULL;

CREATE TABLE messages (
  tenant_id            uuid NOT NULL,
  -- The id of the event that carried it (message.received or reply.completed).
  message_id           uuid PRIMARY KEY,
  conversation_id      uuid NOT NULL,
  role                 text NOT NULL CHECK (role IN ('user', 'agent')),
  sender_id            text NOT NULL,
  sender_display_name  text,
  sender_is_bot        boolean NOT NULL,
  agent_id             uuid,
  -- For an agent message: the user message it answers.
  reply_to_message_id  uuid,
  text                 text NOT NULL,
  attachments          jsonb NOT NULL,
  occurred_at          timestamptz NOT NULL,
  stream_sequence      bigint NOT NULL
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, occurred_at, message_id);

CREATE TABLE usage_daily (
  tenant_id       uuid NOT NULL,
  agent_id        uuid NOT NULL,
  day             date NOT NULL,
  provider        text NOT NULL,
  model           text NOT NULL,
  calls           bigint NOT NULL CHECK (calls >= 0),
  input_tokens    bigint NOT NULL CHECK (input_tokens >= 0),
  output_tokens   bigint NOT NULL CHECK (output_tokens >= 0),
  cost_micro_usd  bigint NOT NULL CHECK (cost_micro_usd >= 0),
  PRIMARY KEY (tenant_id, agent_id, day, provider, model)
);
CREATE INDEX usage_daily_day_idx ON usage_daily (tenant_id, day);

ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE agents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agents
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE channel_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE channel_connections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON channel_connections
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON members
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_daily
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

-- migrate:down

DROP TABLE usage_daily;
DROP TABLE messages;
DROP TABLE conversations;
DROP TABLE members;
DROP TABLE channel_connections;
DROP TABLE agents;

ALTER TABLE tenants
  DROP COLUMN updated_at,
  DROP COLUMN version,
  DROP COLUMN deleted_at,
  DROP COLUMN status,
  DROP COLUMN rate_limit_per_minute;
DROP INDEX tenants_slug_idx;
-- Fails when two projected tenants share a slug: resolve that before migrating down.
ALTER TABLE tenants ADD CONSTRAINT tenants_slug_key UNIQUE (slug);

-- Fails when a setting names a tenant that is not projected: delete such settings first.
ALTER TABLE tenant_settings ADD CONSTRAINT tenant_settings_tenant_id_fkey
  FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id) ON DELETE CASCADE;

-- 0001 tenancy foundation: the application role, the first tables, Row Level Security.
--
-- Roles. Migrations run as the owner role (DATABASE_URL), which owns every table. Services
-- connect as konstruct_app: LOGIN, not a superuser, no BYPASSRLS, owns nothing, so the policies
-- below always apply to it. Roles are cluster-wide, so creating it tolerates another database on
-- the same cluster creating it first (concurrently, too), and down never drops it. It has no
-- password here; production sets one with: ALTER ROLE konstruct_app PASSWORD '...';
-- Its table privileges come from ALTER DEFAULT PRIVILEGES, which covers tables created later by
-- the same owner role: always run migrations as that one role.
--
-- Tenant rule (checked by findTablesWithoutTenantIsolation in @konstruct/db): every table in
-- schema public with a tenant_id column has RLS enabled AND forced, and a policy whose USING and
-- WITH CHECK compare tenant_id with the transaction-local setting konstruct.tenant_id (set only
-- by withTenant). An unset or empty setting becomes NULL, which matches no row: outside a tenant
-- scope nothing is visible and nothing can be inserted. tenants keeps its own id in tenant_id so
-- the rule has no exception.
--
-- projection_checkpoints is platform-level (no tenant_id, no RLS).

-- migrate:up

DO $$
BEGIN
  CREATE ROLE konstruct_app
    LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE NOREPLICATION;
EXCEPTION
  -- duplicate_object: it already exists; unique_violation: a concurrent migration created it.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO konstruct_app', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO konstruct_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO konstruct_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT USAGE ON SEQUENCES TO konstruct_app;

CREATE TABLE tenants (
  tenant_id  uuid PRIMARY KEY,
  slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_settings (
  tenant_id  uuid NOT NULL REFERENCES tenants (tenant_id) ON DELETE CASCADE,
  key        text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE projection_checkpoints (
  projection    text PRIMARY KEY,
  last_sequence bigint NOT NULL CHECK (last_sequence >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_settings
  USING (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('konstruct.tenant_id', true), '')::uuid);

-- migrate:down

DROP TABLE projection_checkpoints;
DROP TABLE tenant_settings;
DROP TABLE tenants;

ALTER DEFAULT PRIVILEGES IN SCHEMA public
  REVOKE USAGE ON SEQUENCES FROM konstruct_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM konstruct_app;
REVOKE USAGE ON SCHEMA public FROM konstruct_app;

DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM konstruct_app', current_database());
END
$$;
-- The role itself stays: it is cluster-wide and other databases may use it.

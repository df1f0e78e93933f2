-- 0003 platform-admin reads: the one explicit, audited way to read across tenants.
--
-- Row Level Security stays on and forced. Each tenant table gets a second, SELECT-only policy
-- that admits every row while the transaction-local setting konstruct.platform_read is 'on'.
-- Only withPlatformRead (@konstruct/read-model) sets it, and it first writes a row to
-- platform_access_log (who, why, when) in the same transaction: no cross-tenant read without a
-- record. Writes are untouched: they still need konstruct.tenant_id (policy tenant_isolation).
-- A future tenant table that wants platform-admin reads adds the same policy.

-- migrate:up

CREATE TABLE platform_access_log (
  access_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor       text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  accessed_at timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SEQUENCE platform_access_log_access_id_seq TO konstruct_app;
-- the log is append-only for the application
REVOKE UPDATE, DELETE ON platform_access_log FROM konstruct_app;

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'tenants', 'tenant_settings', 'agents', 'channel_connections', 'members',
    'conversations', 'messages', 'usage_daily'
  ] LOOP
    EXECUTE format(
      'CREATE POLICY platform_read ON %I FOR SELECT USING (current_setting(''konstruct.platform_read'', true) = ''on'')',
      tenant_table
    );
  END LOOP;
END
$$;

-- migrate:down

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'tenants', 'tenant_settings', 'agents', 'channel_connections', 'members',
    'conversations', 'messages', 'usage_daily'
  ] LOOP
    EXECUTE format('DROP POLICY platform_read ON %I', tenant_table);
  END LOOP;
END
$$;

DROP TABLE platform_access_log;

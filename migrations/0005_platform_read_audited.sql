-- 0005 platform-admin reads, tightened: the cross-tenant SELECT policy no longer trusts a
-- setting (any session could SET it, and a session-level SET would outlive its transaction on a
-- pooled connection). It now admits rows only in a transaction that has written its own row to
-- platform_access_log: no cross-tenant read without a record of who and why, by construction.
-- Also: the application role may no longer make anyone a platform admin (only the owner, i.e.
-- `konstruct user create-admin`); it may create users and change passwords.

-- migrate:up

ALTER TABLE platform_access_log ADD COLUMN txid bigint NOT NULL DEFAULT txid_current();
CREATE INDEX platform_access_log_txid_idx ON platform_access_log (txid);

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'tenants', 'tenant_settings', 'agents', 'channel_connections', 'members',
    'conversations', 'messages', 'usage_daily'
  ] LOOP
    EXECUTE format('DROP POLICY platform_read ON %I', tenant_table);
    EXECUTE format(
      'CREATE POLICY platform_read ON %I FOR SELECT USING (EXISTS (SELECT 1 FROM platform_access_log WHERE txid = txid_current()))',
      tenant_table
    );
  END LOOP;
END
$$;

REVOKE INSERT, UPDATE ON users FROM konstruct_app;
GRANT INSERT (user_id, email, password_hash, created_at, updated_at) ON users TO konstruct_app;
GRANT UPDATE (password_hash, updated_at) ON users TO konstruct_app;

-- migrate:down

GRANT INSERT, UPDATE ON users TO konstruct_app;

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'tenants', 'tenant_settings', 'agents', 'channel_connections', 'members',
    'conversations', 'messages', 'usage_daily'
  ] LOOP
    EXECUTE format('DROP POLICY platform_read ON %I', tenant_table);
    EXECUTE format(
      'CREATE POLICY platform_read ON %I FOR SELECT USING (current_setting(''konstruct.platform_read'', true) = ''on'')',
      tenant_table
    );
  END LOOP;
END
$$;

DROP INDEX platform_access_log_txid_idx;
ALTER TABLE platform_access_log DROP COLUMN txid;

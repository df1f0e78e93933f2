-- 0004 users: portal identities (PRTA-03). Platform-level: a person may be a member of several
-- tenants (members.user_id) and may be a platform admin. No tenant_id, so no RLS.
--
-- Credentials are deliberately NOT events: an argon2id hash has no place in a stream that
-- operators replay and audit. This table is therefore state, not a projection: projection
-- rebuilds never touch it. user_id is derived from the lower-cased e-mail address (UUIDv5), the
-- same id tenant memberships use, so a member and their login are one person.

-- migrate:up

CREATE TABLE users (
  user_id        uuid PRIMARY KEY,
  email          text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
  password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  platform_admin boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- migrate:down

DROP TABLE users;

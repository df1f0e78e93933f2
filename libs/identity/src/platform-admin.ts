/**
 * Creating the first platform admin (`konstruct user create-admin`): no credentials are ever
 * hard-coded; an operator chooses the e-mail address and the password. An existing user is
 * promoted only when asked to reset the password, never silently.
 */
import type { Database, Kysely } from '@konstruct/db';
import { userIdForEmail } from '@konstruct/schemas';
import { sql } from 'kysely';
import { z } from 'zod';
import { hashPassword } from './password-hash.ts';
import { Password } from './password-policy.ts';

export class IdentityError extends Error {
  readonly code: 'InvalidInput' | 'UserExists';

  constructor(code: IdentityError['code'], message: string) {
    super(message);
    this.name = 'IdentityError';
    this.code = code;
  }
}

const Email = z.email('not an e-mail address').transform((value) => value.trim().toLowerCase());

export interface CreatePlatformAdminInput {
  readonly email: string;
  readonly password: string;
  /** Replace the password (and make admin) when the user already exists. */
  readonly resetExisting?: boolean;
}

export async function createPlatformAdmin(
  db: Kysely<Database>,
  input: CreatePlatformAdminInput,
): Promise<{ readonly userId: string; readonly email: string; readonly created: boolean }> {
  const email = Email.safeParse(input.email);
  const password = Password.safeParse(input.password);
  if (!email.success)
    throw new IdentityError('InvalidInput', `email: ${email.error.issues[0]?.message}`);
  if (!password.success)
    throw new IdentityError('InvalidInput', `password: ${password.error.issues[0]?.message}`);
  const userId = userIdForEmail(email.data);
  const passwordHash = await hashPassword(password.data);
  const inserted = await sql<{ inserted: boolean }>`
    insert into users (user_id, email, password_hash, platform_admin)
    values (${userId}, ${email.data}, ${passwordHash}, true)
    on conflict (user_id) do ${
      input.resetExisting === true
        ? sql`update set password_hash = excluded.password_hash, platform_admin = true, updated_at = now()`
        : sql`nothing`
    }
    returning (xmax = 0) as inserted`.execute(db);
  const row = inserted.rows[0];
  if (row === undefined) {
    throw new IdentityError(
      'UserExists',
      `a user ${email.data} exists already; pass --reset-password to replace the password`,
    );
  }
  return { userId, email: email.data, created: row.inserted };
}

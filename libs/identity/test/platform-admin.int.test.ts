import { userIdForEmail } from '@konstruct/schemas';
import { createTestDatabase, type TestDatabase } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPlatformAdmin, verifyPassword } from '../src/index.ts';

describe('creating a platform admin', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  const stored = (email: string) =>
    database.ownerDb
      .selectFrom('users' as never)
      .selectAll()
      .where('email' as never, '=', email as never)
      .executeTakeFirst() as Promise<
      { user_id: string; password_hash: string; platform_admin: boolean } | undefined
    >;

  test('stores an argon2id hash, never the password, under the e-mail-derived id', async () => {
    const created = await createPlatformAdmin(database.ownerDb, {
      email: 'Root@Example.com',
      password: 'correct horse battery staple',
    });
    expect(created).toEqual({
      userId: userIdForEmail('root@example.com'),
      email: 'root@example.com',
      created: true,
    });
    const row = await stored('root@example.com');
    expect(row?.platform_admin).toBe(true);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain('battery');
    expect(await verifyPassword(row?.password_hash ?? '', 'correct horse battery staple')).toBe(
      true,
    );
    expect(await verifyPassword(row?.password_hash ?? '', 'wrong horse battery staple')).toBe(
      false,
    );
  });

  test('an existing user is refused unless asked to reset the password', async () => {
    const email = 'twice@example.com';
    await createPlatformAdmin(database.ownerDb, { email, password: 'first password 123' });
    await expect(
      createPlatformAdmin(database.ownerDb, { email, password: 'second password 456' }),
    ).rejects.toMatchObject({ code: 'UserExists' });
    const reset = await createPlatformAdmin(database.ownerDb, {
      email,
      password: 'second password 456',
      resetExisting: true,
    });
    expect(reset.created).toBe(false);
    expect(
      await verifyPassword((await stored(email))?.password_hash ?? '', 'second password 456'),
    ).toBe(true);
  });

  test('weak passwords and bad addresses are refused with the rule', async () => {
    await expect(
      createPlatformAdmin(database.ownerDb, { email: 'a@example.com', password: 'short' }),
    ).rejects.toThrow(/at least 12 characters/);
    await expect(
      createPlatformAdmin(database.ownerDb, {
        email: 'not-an-address',
        password: 'long enough password',
      }),
    ).rejects.toThrow(/e-mail/);
    await expect(
      createPlatformAdmin(database.ownerDb, { email: 'b@example.com', password: ' '.repeat(20) }),
    ).rejects.toThrow(/only spaces/);
  });

  test('a malformed hash verifies as false instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});

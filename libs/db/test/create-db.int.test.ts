/**
 * Connections against the real server: the pool bound holds and explicit TLS settings win over
 * the URL. Uses the server's existing database (DATABASE_URL) and creates nothing.
 */
import { serviceUrls } from '@konstruct/testing';
import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createDb } from '../src/create-db.ts';

const serverUrl = serviceUrls().databaseUrl;

async function serverHasTls(): Promise<boolean> {
  const db = createDb({ url: serverUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{ ssl: string }>`show ssl`.execute(db);
    return rows[0]?.ssl === 'on';
  } finally {
    await db.destroy();
  }
}

describe('createDb', () => {
  test('never opens more connections than poolSize', async () => {
    const db = createDb({ url: serverUrl, poolSize: 2 });
    try {
      const pids = await Promise.all(
        Array.from({ length: 6 }, () =>
          sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db),
        ),
      );
      expect(new Set(pids.map((result) => result.rows[0]?.pid)).size).toBeLessThanOrEqual(2);
    } finally {
      await db.destroy();
    }
  });

  test('an explicit ssl setting wins over sslmode in the URL', async () => {
    const tls = await serverHasTls();
    const url = new URL(serverUrl);
    url.searchParams.set('sslmode', tls ? 'disable' : 'require');
    const mode = tls ? 'require' : 'disable';
    const db = createDb({ url: url.toString(), poolSize: 1, ssl: { mode } });
    try {
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  test('ssl require is really sent to the server', async () => {
    const tls = await serverHasTls();
    const db = createDb({ url: serverUrl, poolSize: 1, ssl: { mode: 'require' } });
    try {
      const attempt = sql`select 1`.execute(db);
      if (tls) await expect(attempt).resolves.toBeDefined();
      else await expect(attempt).rejects.toThrow(/does not support SSL/);
    } finally {
      await db.destroy();
    }
  });
});

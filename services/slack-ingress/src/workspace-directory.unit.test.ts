import { describe, expect, test } from 'vitest';
import type { SlackWorkspace } from './build-message-received.ts';
import { createWorkspaceDirectory } from './workspace-directory.ts';

const ACME: SlackWorkspace = {
  tenantId: '0195f0a0-0000-7000-8000-000000000001',
  connectionId: '0195f0a0-0000-7000-8000-0000000000c1',
  botUserId: 'U0BOT',
};

function directoryOver(known: Map<string, SlackWorkspace>) {
  let clock = 0;
  const queries: string[] = [];
  const directory = createWorkspaceDirectory({
    lookup: async (teamId) => {
      queries.push(teamId);
      return known.get(teamId);
    },
    ttlMs: 60_000,
    unknownTtlMs: 2_000,
    maxEntries: 2,
    now: () => clock,
  });
  const advance = (ms: number) => {
    clock += ms;
  };
  return { directory, queries, advance };
}

describe('the workspace directory', () => {
  test('a known team is looked up once per TTL', async () => {
    const { directory, queries, advance } = directoryOver(new Map([['T0ACME', ACME]]));
    expect(await directory.resolve('T0ACME')).toEqual(ACME);
    advance(59_000);
    expect(await directory.resolve('T0ACME')).toEqual(ACME);
    expect(queries).toEqual(['T0ACME']);
    advance(2_000);
    await directory.resolve('T0ACME');
    expect(queries).toEqual(['T0ACME', 'T0ACME']);
  });

  test('an unknown team is remembered only briefly, so a new connection is found soon', async () => {
    const known = new Map<string, SlackWorkspace>();
    const { directory, advance } = directoryOver(known);
    expect(await directory.resolve('T0NEW')).toBeUndefined();
    known.set('T0NEW', ACME);
    expect(await directory.resolve('T0NEW')).toBeUndefined();
    advance(2_001);
    expect(await directory.resolve('T0NEW')).toEqual(ACME);
  });

  test('concurrent lookups of one team share one query; invalidate forgets it', async () => {
    const { directory, queries } = directoryOver(new Map([['T0ACME', ACME]]));
    await Promise.all([directory.resolve('T0ACME'), directory.resolve('T0ACME')]);
    expect(queries).toHaveLength(1);
    directory.invalidate('T0ACME');
    await directory.resolve('T0ACME');
    expect(queries).toHaveLength(2);
  });

  test('the cache holds at most maxEntries teams', async () => {
    const { directory, queries } = directoryOver(new Map());
    for (const team of ['T1', 'T2', 'T3', 'T1']) await directory.resolve(team);
    expect(queries).toEqual(['T1', 'T2', 'T3', 'T1']);
  });

  test('a learned connection is served at once, with no lookup and no wait for the unknown TTL', async () => {
    const { directory, queries } = directoryOver(new Map());
    expect(await directory.resolve('T0NEW')).toBeUndefined();
    directory.learn('T0NEW', ACME);
    expect(await directory.resolve('T0NEW')).toEqual(ACME);
    expect(queries).toEqual(['T0NEW']);
  });

  test('a removed connection stops resolving at once, even while the read model still shows it', async () => {
    const cached = directoryOver(new Map([['T0ACME', ACME]]));
    expect(await cached.directory.resolve('T0ACME')).toEqual(ACME);
    cached.directory.forgetConnection(ACME.connectionId);
    expect(await cached.directory.resolve('T0ACME')).toBeUndefined();
    cached.directory.learn('T0ACME', ACME);
    expect(await cached.directory.resolve('T0ACME')).toEqual(ACME);
    // Never cached here, and the (lagging) read model still names the removed connection.
    const lagging = directoryOver(new Map([['T0ACME', ACME]]));
    lagging.directory.forgetConnection(ACME.connectionId);
    expect(await lagging.directory.resolve('T0ACME')).toBeUndefined();
    lagging.advance(60_001);
    expect(await lagging.directory.resolve('T0ACME')).toEqual(ACME);
  });

  test('a lookup in flight when a connection event arrives does not overwrite it', async () => {
    let answer: (workspace: SlackWorkspace | undefined) => void = () => {};
    const directory = createWorkspaceDirectory({
      lookup: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
      ttlMs: 60_000,
      unknownTtlMs: 2_000,
    });
    const inFlight = directory.resolve('T0ACME');
    directory.learn('T0ACME', ACME);
    answer(undefined);
    expect(await inFlight).toBeUndefined();
    expect(await directory.resolve('T0ACME')).toEqual(ACME);
  });
});

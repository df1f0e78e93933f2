/**
 * The reply claim against the real Redis: one round trip takes the lease and reads the state
 * (so a FINISHED left by the previous owner is seen by the next), another owner's live lease is
 * a wait, and the lease really expires.
 */
import { randomUUID } from 'node:crypto';
import { createTestRedis, type TestRedis } from '@konstruct/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEgressStore, type EgressStore } from '../src/egress-store.ts';

let redis: TestRedis;
let store: EgressStore;
beforeAll(() => {
  redis = createTestRedis();
  store = createEgressStore(redis.client, redis.keys);
});
afterAll(async () => {
  await redis.cleanup();
});

const TENANT = '0195f0a0-0000-7000-8000-0000000000e1';

describe('claimReply', () => {
  test('a free reply is taken, with its state read in the same step', async () => {
    const replyId = randomUUID();
    await store.saveReply(TENANT, replyId, { mode: 'stream', ts: '1700.1', streamed: 'Hel' });
    const claim = await store.claimReply(TENANT, replyId, 'a', 10_000);
    expect(claim.heldMs).toBe(0);
    expect(claim.state).toMatchObject({ mode: 'stream', ts: '1700.1', streamed: 'Hel' });
    expect(claim.state?.finished).toBe(false);
  });

  test('a reply another owner holds is a wait of its remaining lease, and no state', async () => {
    const replyId = randomUUID();
    await store.claimReply(TENANT, replyId, 'a', 10_000);
    const claim = await store.claimReply(TENANT, replyId, 'b', 10_000);
    expect(claim.state).toBeUndefined();
    expect(claim.heldMs).toBeGreaterThan(9_000);
    expect(claim.heldMs).toBeLessThanOrEqual(10_000);
  });

  test('the owner claiming again keeps it; after a release or the lease, the next owner sees FINISHED', async () => {
    const replyId = randomUUID();
    expect((await store.claimReply(TENANT, replyId, 'a', 300)).heldMs).toBe(0);
    expect((await store.claimReply(TENANT, replyId, 'a', 300)).heldMs).toBe(0);
    await store.saveReply(TENANT, replyId, { finished: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = await store.claimReply(TENANT, replyId, 'b', 10_000);
    expect(next.heldMs).toBe(0);
    expect(next.state?.finished).toBe(true);
    await store.releaseReply(TENANT, replyId, 'b');
    expect((await store.claimReply(TENANT, replyId, 'c', 10_000)).heldMs).toBe(0);
  });

  test("a workspace's wait is the longest Retry-After it was given: a shorter one does not cut it", async () => {
    const team = `T${randomUUID().slice(0, 8)}`;
    await store.rememberBackoff(TENANT, team, 30_000);
    await store.rememberBackoff(TENANT, team, 1_000);
    expect(await store.backoffMs(TENANT, team)).toBeGreaterThan(25_000);
    const other = `T${randomUUID().slice(0, 8)}`;
    await store.rememberBackoff(TENANT, other, 1_000);
    await store.rememberBackoff(TENANT, other, 30_000);
    expect(await store.backoffMs(TENANT, other)).toBeGreaterThan(25_000);
  });

  test('a reply with no state yet is taken with an empty state', async () => {
    const claim = await store.claimReply(TENANT, randomUUID(), 'a', 10_000);
    expect(claim).toEqual({
      heldMs: 0,
      state: {
        mode: undefined,
        intent: undefined,
        intended: '',
        ts: undefined,
        streamed: '',
        unsure: false,
        sentParts: 0,
        finished: false,
      },
    });
  });
});

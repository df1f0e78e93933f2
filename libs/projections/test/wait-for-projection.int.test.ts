/**
 * Read your own writes: `waitForProjection` returns at once when the read model is there, waits
 * while the projector catches up, and times out with the typed error when no projector runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ProjectionTimeoutError, waitForProjection } from '../src/index.ts';
import { createProjectorHarness, type ProjectorHarness } from './projector-harness.ts';
import * as ev from './test-events.ts';

let h: ProjectorHarness;
const tenant = randomUUID();

beforeAll(async () => {
  h = await createProjectorHarness();
});

afterAll(async () => {
  await h?.cleanup();
});

describe('waitForProjection', () => {
  test('times out with ProjectionTimeout, naming where each projection is, when no projector runs', async () => {
    const sequence = await h.publish([ev.tenantCreated(tenant, '2026-07-01T09:00:00Z')]);
    const started = performance.now();
    const attempt = waitForProjection(h.database.appDb, sequence, {
      timeoutMs: 150,
      projections: ['tenants', 'agents'],
    });
    await expect(attempt).rejects.toBeInstanceOf(ProjectionTimeoutError);
    await expect(attempt).rejects.toMatchObject({
      code: 'ProjectionTimeout',
      sequence,
      behind: [
        { projection: 'tenants', lastSequence: 0 },
        { projection: 'agents', lastSequence: 0 },
      ],
    });
    await expect(attempt).rejects.toThrow(/konstruct start projector/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('waits until the projector passes the sequence, then the row is there', async () => {
    const sequence = await h.publish([
      ev.tenantUpdated(tenant, '2026-07-01T09:01:00Z', { name: 'Later' }),
    ]);
    const waiting = waitForProjection(h.database.appDb, sequence, { timeoutMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.start();
    await waiting;
    const { tenants } = await h.snapshot([tenant]);
    expect(tenants).toMatchObject([{ name: 'Later', version: 2 }]);
  });

  test('returns at once when the projections are already there', async () => {
    const started = performance.now();
    await waitForProjection(h.database.appDb, 1);
    expect(performance.now() - started).toBeLessThan(250);
  });

  test('an unknown projection name is a typed error', async () => {
    await expect(
      waitForProjection(h.database.appDb, 1, { projections: ['nope'] }),
    ).rejects.toMatchObject({ code: 'UnknownProjection' });
  });

  test('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = waitForProjection(h.database.appDb, 1_000_000, { signal: controller.signal });
    controller.abort(new Error('user went away'));
    await expect(waiting).rejects.toThrow(/user went away/);
  });
});

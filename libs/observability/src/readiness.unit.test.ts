import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.ts';

describe('checkReadiness', () => {
  it('is ready when every probe resolves', async () => {
    const report = await checkReadiness({ nats: async () => {}, redis: async () => {} });
    expect(report).toEqual({ ready: true, checks: { nats: 'ok', redis: 'ok' } });
  });

  it('is ready with no probes at all', async () => {
    expect(await checkReadiness({})).toEqual({ ready: true, checks: {} });
  });

  it('names the failing probe with its error message', async () => {
    const report = await checkReadiness({
      nats: async () => {},
      postgres: async () => {
        throw new Error('connection refused');
      },
    });
    expect(report).toEqual({
      ready: false,
      checks: { nats: 'ok', postgres: 'connection refused' },
    });
  });

  it('reports a probe that throws synchronously', async () => {
    const report = await checkReadiness({
      redis: () => {
        throw new Error('no client');
      },
    });
    expect(report.checks.redis).toBe('no client');
  });

  it('times out a hanging probe, aborts its signal, and runs probes in parallel', async () => {
    let aborted = false;
    const started = Date.now();
    const report = await checkReadiness(
      {
        slow: (signal) =>
          new Promise<void>(() => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
          }),
        alsoSlow: () => new Promise<void>(() => {}),
      },
      50,
    );
    expect(report).toEqual({
      ready: false,
      checks: { slow: 'timed out after 50 ms', alsoSlow: 'timed out after 50 ms' },
    });
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

import { connectBus, isBusError, natsServerInfo, silentLogger } from '@konstruct/bus';
import { serviceUrls } from '@konstruct/testing';
import { describe, expect, it } from 'vitest';

describe('connectBus', () => {
  it('connects and reports the server version and JetStream for readiness', async () => {
    const nc = await connectBus({
      servers: serviceUrls().natsUrl,
      name: 'bus-test',
      logger: silentLogger(),
    });
    try {
      const info = await natsServerInfo(nc);

      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(info.jetstream).toBe(true);
      expect(info.jetstreamError).toBeUndefined();
      expect(info.account?.streams).toBeGreaterThanOrEqual(0);
    } finally {
      await nc.close();
    }
  });

  it('keeps retrying an unreachable server until the signal aborts, then fails with ConnectAborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);

    const error = await connectBus({
      servers: '127.0.0.1:1',
      name: 'bus-test',
      logger: silentLogger(),
      signal: controller.signal,
      reconnectWaitMs: 50,
      reconnectJitterMs: 10,
    }).catch((e: unknown) => e);

    expect(isBusError(error, 'ConnectAborted')).toBe(true);
  });
});

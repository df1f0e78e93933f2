import { describe, expect, it } from 'vitest';
import { createRedis, reconnectDelay } from './create-redis.ts';

describe('reconnectDelay', () => {
  it('doubles from 100 ms and caps at 5 s, without jitter at the midpoint', () => {
    const midpoint = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => reconnectDelay(n, midpoint))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });

  it('spreads reconnects by ±20% so instances do not reconnect in lockstep', () => {
    expect(reconnectDelay(3, () => 0)).toBe(320);
    expect(reconnectDelay(3, () => 1)).toBe(480);
  });
});

describe('createRedis', () => {
  it('refuses a TLS CA file for a non-TLS URL before connecting', () => {
    expect(() =>
      createRedis({ url: 'redis://127.0.0.1:6379', tlsCaFile: '/etc/ssl/ca.pem' }),
    ).toThrow(/not rediss:\/\//);
  });

  it('names the CA file it cannot read', () => {
    expect(() =>
      createRedis({ url: 'rediss://127.0.0.1:6380', tlsCaFile: '/nonexistent/ca.pem' }),
    ).toThrow(/\/nonexistent\/ca\.pem/);
  });
});

import { describe, expect, it } from 'vitest';
import { describeStatus } from './connection-status.ts';

describe('connection status lines', () => {
  it('a disconnect is a warning naming the server', () => {
    expect(describeStatus({ type: 'disconnect', server: 'nats://a:4222' })).toEqual({
      level: 'warn',
      message: 'nats disconnected; reconnecting',
      fields: { server: 'nats://a:4222' },
    });
  });

  it('a reconnect is info, a server error is an error, pings are not logged', () => {
    expect(describeStatus({ type: 'reconnect', server: 'nats://b:4222' })?.level).toBe('info');
    const error = new Error('permissions violation');
    expect(describeStatus({ type: 'error', error })).toMatchObject({
      level: 'error',
      fields: { err: error },
    });
    expect(describeStatus({ type: 'ping', pendingPings: 1 })).toBeUndefined();
  });
});

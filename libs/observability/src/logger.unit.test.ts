import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions, loggerForEvent, REDACTED } from './logger.ts';

function capture(options: Omit<LoggerOptions, 'destination'>) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    ...options,
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

const base = { level: 'info', service: 'router', namespace: 'konstruct' } as const;

describe('createLogger', () => {
  it('writes JSON lines with service, namespace, a string level and an ISO time', () => {
    const { logger, lines } = capture(base);
    logger.info({ count: 2 }, 'routed');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'router',
      namespace: 'konstruct',
      count: 2,
      msg: 'routed',
    });
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture({ ...base, level: 'warn' });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });

  it('redacts secrets at the top level and nested up to two objects deep', () => {
    const { logger, lines } = capture(base);
    logger.info({
      password: 'p0',
      connection: { botToken: 'xoxb-1', signingSecret: 's1', team: 'T1' },
      request: { headers: { authorization: 'Bearer x', 'set-cookie': 'sid=1' } },
      config: { KONSTRUCT_SECRET_KEY: 'k', DATABASE_URL: 'postgres://u:pw@db/x' },
      provider: { apiKey: 'sk-1' },
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p0', 'xoxb-1', 's1', 'Bearer x', 'sid=1', 'sk-1', 'pw@db']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      password: REDACTED,
      connection: { botToken: REDACTED, team: 'T1' },
      request: { headers: { authorization: REDACTED } },
    });
  });
});

describe('loggerForEvent', () => {
  it('binds the event fields to every line', () => {
    const { logger, lines } = capture(base);
    const eventLogger = loggerForEvent(logger, {
      tenantId: 'acme',
      correlationId: 'c-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      eventId: 'e-1',
      eventType: 'message.received',
    });
    eventLogger.info('handled');
    expect(lines[0]).toMatchObject({
      service: 'router',
      tenantId: 'acme',
      correlationId: 'c-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      eventId: 'e-1',
      eventType: 'message.received',
    });
  });

  it('omits the fields that are not known', () => {
    const { logger, lines } = capture(base);
    loggerForEvent(logger, { eventId: 'e-2', traceId: undefined }).info('invalid event');
    expect(lines[0]).toHaveProperty('eventId', 'e-2');
    expect(lines[0]).not.toHaveProperty('traceId');
    expect(lines[0]).not.toHaveProperty('tenantId');
  });
});

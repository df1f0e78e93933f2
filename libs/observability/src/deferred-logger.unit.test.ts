import { describe, expect, it } from 'vitest';
import { deferredLogger } from './deferred-logger.ts';
import { createLogger, type LogLevel } from './logger.ts';

function capture(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const parent = createLogger({
    level,
    service: 'svc',
    namespace: 'ns',
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  let builds = 0;
  const logger = deferredLogger(parent, () => {
    builds++;
    return parent.child({ eventId: 'e-1' });
  });
  return { lines, logger, builds: () => builds };
}

describe('deferredLogger', () => {
  it('builds nothing for a message that logs nothing, or only below the level', () => {
    const { logger, lines, builds } = capture('info');

    const { debug } = logger;
    debug({ x: 1 }, 'not written');
    logger.trace('not written');

    expect(builds()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('builds the child once, on the first line written, and every line carries its bindings', () => {
    const { logger, lines, builds } = capture('info');

    logger.info({ a: 1 }, 'first');
    logger.warn('second');
    logger.debug('dropped');

    expect(builds()).toBe(1);
    expect(lines).toMatchObject([
      { eventId: 'e-1', a: 1, msg: 'first', level: 'info' },
      { eventId: 'e-1', msg: 'second', level: 'warn' },
    ]);
  });

  it('behaves as the child for everything else: children, level changes, redaction', () => {
    const { logger, lines } = capture('info');

    logger.level = 'debug';
    logger.debug('now written');
    logger.child({ step: 'x' }).info({ token: 'xoxb-secret' }, 'nested');

    expect(lines).toMatchObject([
      { eventId: 'e-1', msg: 'now written', level: 'debug' },
      { eventId: 'e-1', step: 'x', token: '[redacted]', msg: 'nested' },
    ]);
  });
});

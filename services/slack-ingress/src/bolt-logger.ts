/**
 * Bolt's `Logger` interface over the platform's structured logger, so Bolt's own lines (a refused
 * signature, a malformed body, an unacknowledged request) land in the same JSON stream, marked
 * `component: bolt`. The level stays the platform's: Bolt's `setLevel` is ignored.
 */
import type { Logger } from '@konstruct/observability';
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';

const LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  const line = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => log.debug(line(parts)),
    info: (...parts: unknown[]) => log.info(line(parts)),
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    setLevel: () => {},
    getLevel: () => LEVELS[log.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}

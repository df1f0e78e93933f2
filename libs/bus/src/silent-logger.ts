/**
 * A logger that writes nothing, for tests and tools that must pass a logger but show no output.
 */
import { type Logger, pino } from 'pino';

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

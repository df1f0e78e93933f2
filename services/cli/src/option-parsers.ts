/**
 * Parsers for option values, so a bad value fails with a message naming the option's rule.
 */
import { InvalidArgumentError } from 'commander';

export function parseInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

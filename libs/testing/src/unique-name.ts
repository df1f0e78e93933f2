/**
 * Names for per-test resources (namespaces, schemas, databases, key prefixes) that never
 * collide across parallel test files or repeated runs: lowercase, safe as a NATS token, a
 * Postgres identifier and a Redis key part.
 */
import { randomBytes } from 'node:crypto';

export function uniqueName(prefix = 't'): string {
  const time = Date.now().toString(36);
  const random = randomBytes(5).toString('hex');
  return `${prefix}_${time}_${random}`.toLowerCase();
}

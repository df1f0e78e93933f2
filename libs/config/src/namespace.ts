/**
 * The platform namespace roots every NATS subject, stream and consumer name and every Redis key.
 * Its rule is defined once, with the subject tree, in `@konstruct/schemas`; config validates
 * `KONSTRUCT_NAMESPACE` with it and the Redis key builder checks it.
 */
import { NAMESPACE_PATTERN } from '@konstruct/schemas';

export { NAMESPACE_PATTERN };

export function isValidNamespace(namespace: string): boolean {
  return NAMESPACE_PATTERN.test(namespace);
}

/**
 * The platform namespace roots every NATS subject, stream and consumer name and every Redis key,
 * so it must be a valid token for all of them at once: lowercase, starting with a letter, at
 * most 31 characters of `a-z 0-9 _ -`. This is the single definition of that rule.
 */

export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_-]{0,30}$/;

export function isValidNamespace(namespace: string): boolean {
  return NAMESPACE_PATTERN.test(namespace);
}

/**
 * Turns any identifier into a token that is safe inside a NATS subject. Ids made only of letters,
 * digits, `_` and `-` (UUIDs, Slack team ids) stay as they are, so subjects remain readable;
 * anything else (dots, spaces, `*`, `>`, empty, over 64 characters) becomes a stable UUIDv5,
 * which the same input always maps to.
 */
import { stableId } from './ids.ts';

const SAFE_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function subjectToken(raw: string): string {
  return SAFE_TOKEN.test(raw) ? raw : stableId(['subject-token', raw]);
}

export function isSafeSubjectToken(token: string): boolean {
  return SAFE_TOKEN.test(token);
}

/**
 * Identifiers of the event contract. Event ids are UUIDv7 (time-ordered). An event produced in
 * reaction to another gets an id *derived* from its input's id, so a redelivered input yields the
 * same output id and JetStream's duplicate window drops the second publish. External ids that may
 * hold dots, spaces or wildcards (Slack `thread_ts`) become stable UUIDv5s before they reach a
 * subject or a key.
 */
import { hash } from 'node:crypto';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

export const Uuid = z.uuid();
export type Uuid = z.infer<typeof Uuid>;

/** A new time-ordered event id. */
export function newEventId(): string {
  return uuidv7();
}

const UUID_HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the event that `purpose` produces from input event `inputId`: a valid UUIDv7 that
 * keeps the input's millisecond timestamp (so ids stay time-ordered) and takes its remaining bits
 * from SHA-256(inputId, purpose). Same input and purpose → same id, on any instance, at any time.
 */
export function deriveEventId(inputId: string, purpose: string): string {
  if (!UUID_HEX.test(inputId)) throw new TypeError(`deriveEventId: "${inputId}" is not a UUID`);
  if (purpose.length === 0) throw new TypeError('deriveEventId: purpose must not be empty');
  const inputHex = inputId.replaceAll('-', '').toLowerCase();
  // id bytes 0–5: the input's timestamp; 6–15: the digest's first ten bytes, with the version
  // (7) and variant (10xx) bits set. Built in hex from a one-shot hash: this runs for every
  // event a service publishes.
  const digest = hash('sha256', `${inputHex}\u0000${purpose}`, 'hex');
  const variant = (8 | (Number.parseInt(digest.charAt(4), 16) & 3)).toString(16);
  return (
    `${inputHex.slice(0, 8)}-${inputHex.slice(8, 12)}-7${digest.slice(1, 4)}-` +
    `${variant}${digest.slice(5, 8)}-${digest.slice(8, 20)}`
  );
}

/** Namespace for {@link stableId}; fixed forever (changing it would change every derived id). */
const KONSTRUCT_ID_NAMESPACE = '6f1d3c1e-6c2b-4e8a-9a51-3f0c2d7b9e10';

/**
 * A stable UUIDv5 for an external identity made of parts (e.g. `['slack', teamId, channelId,
 * threadTs]`). Parts are length-prefixed so `['a.b', 'c']` and `['a', 'b.c']` differ.
 */
export function stableId(parts: readonly string[]): string {
  const name = parts.map((part) => `${part.length}:${part}`).join('|');
  return uuidv5(name, KONSTRUCT_ID_NAMESPACE);
}

/**
 * The platform-wide id of the person with this e-mail address: one person is one user id in
 * every tenant membership (`member.*` events) and in the portal's `users` table.
 */
export function userIdForEmail(email: string): string {
  return stableId(['user', email.trim().toLowerCase()]);
}

/**
 * Field builders for environment variables: each takes the raw string and yields the parsed
 * value (URL list, duration in ms, byte count, bounded integer, 32-byte key) or a message saying
 * what is wrong in the operator's terms. Defaults and fix texts are applied by the caller.
 */
import { z } from 'zod';
import { parseByteSize } from './byte-size.ts';
import { parseDuration } from './duration.ts';
import { isValidNamespace } from './namespace.ts';

/** A URL whose scheme is one of `protocols` (without the colon), kept as written. */
export function urlVar(protocols: readonly string[]) {
  const expected = protocols.map((p) => `${p}://`).join(' or ');
  return z.string().refine((text) => hasProtocol(text, protocols), {
    message: `must be a URL starting with ${expected}`,
  });
}

/**
 * A comma-separated list of server URLs, as NATS clients take them; an entry without a scheme
 * (`host:port`) is read with `defaultProtocol`. Yields the trimmed, non-empty entries.
 */
export function urlListVar(protocols: readonly string[], defaultProtocol: string) {
  const expected = protocols.map((p) => `${p}://`).join(', ');
  return z.string().transform((text, ctx) => {
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const withScheme = (entry: string) =>
      entry.includes('://') ? entry : `${defaultProtocol}://${entry}`;
    const bad = entries.filter((entry) => !hasProtocol(withScheme(entry), protocols));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of server URLs (${expected} or host:port)`,
      });
      return z.NEVER;
    }
    return entries;
  });
}

/** A duration (`90d`, `2m`, `30s`, `500ms`) as milliseconds, at least `minMs`. */
export function durationVar(minMs = 0) {
  return z.string().transform((text, ctx) => {
    const milliseconds = parseDuration(text);
    if (milliseconds === undefined || milliseconds < minMs) {
      const floor = minMs > 0 ? ` of at least ${minMs} ms` : '';
      ctx.addIssue({
        code: 'custom',
        message: `must be a duration${floor} such as 90d, 2m, 30s or 500ms`,
      });
      return z.NEVER;
    }
    return milliseconds;
  });
}

/** A byte size (`10GB`, `512MB`) as bytes, or `-1` meaning unlimited. */
export function byteSizeOrUnlimitedVar() {
  return z.string().transform((text, ctx) => {
    if (text.trim() === '-1') return -1;
    const bytes = parseByteSize(text);
    if (bytes === undefined || bytes === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a size such as 10GB or 512MB (binary units), or -1 for unlimited',
      });
      return z.NEVER;
    }
    return bytes;
  });
}

/** A whole number between `min` and `max` inclusive. */
export function integerVar(min: number, max: number) {
  return z.string().transform((text, ctx) => {
    const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return value;
  });
}

/** The platform namespace (see `namespace.ts`). */
export function namespaceVar() {
  return z.string().refine(isValidNamespace, {
    message: 'must be 1-31 characters of a-z, 0-9, _ or -, starting with a letter',
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
export const SECRET_KEY_BYTES = 32;

/** A 32-byte key written as standard base64, kept as the base64 text. */
export function secretKeyVar() {
  return z.string().superRefine((text, ctx) => {
    if (!BASE64.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'is not valid base64' });
      return;
    }
    const length = Buffer.from(text, 'base64').length;
    if (length !== SECRET_KEY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `decodes to ${length} bytes but must decode to exactly ${SECRET_KEY_BYTES}`,
      });
    }
  });
}

/** A comma-separated list of secret keys (earlier keys kept for decryption after a rotation). */
export function secretKeyListVar() {
  const one = secretKeyVar();
  return z.string().superRefine((text, ctx) => {
    const keys = text
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    keys.forEach((key, index) => {
      const checked = one.safeParse(key);
      if (!checked.success) {
        ctx.addIssue({
          code: 'custom',
          message: `key ${index + 1} ${checked.error.issues[0]?.message}`,
        });
      }
    });
  });
}

function hasProtocol(text: string, protocols: readonly string[]): boolean {
  if (!URL.canParse(text)) return false;
  return protocols.includes(new URL(text).protocol.slice(0, -1));
}

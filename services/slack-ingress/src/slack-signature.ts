/**
 * Slack's v0 request signature (CHAN-02): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * under the app's signing secret, sent in `X-Slack-Signature` with `X-Slack-Request-Timestamp`.
 * A request is authentic only if the signature matches (compared in constant time) and the
 * timestamp is within five minutes of our clock, so a captured request cannot be replayed later.
 * Pure: the clock is a parameter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'MissingSignature' | 'StaleTimestamp' | 'BadSignature' };

export interface SignedRequest {
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly rawBody: string;
}

/** The `X-Slack-Signature` value Slack would send for this body at this timestamp. */
export function signSlackRequest(
  signingSecret: string,
  timestamp: string,
  rawBody: string,
): string {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp}:${rawBody}`)
    .digest('hex');
  return `v0=${digest}`;
}

export function verifySlackSignature(
  signingSecret: string,
  request: SignedRequest,
  nowMs: number,
): SignatureVerdict {
  const { signature, timestamp } = request;
  if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'MissingSignature' };
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, code: 'StaleTimestamp' };
  }
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'BadSignature' };
  }
  return { ok: true };
}

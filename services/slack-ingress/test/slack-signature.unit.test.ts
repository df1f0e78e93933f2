/**
 * Our test signer against Slack's documented example, and against the verifier the service now
 * relies on (Bolt's `isValidSlackRequest`, the function its HTTPReceiver calls): what we sign
 * verifies; a forged signature, another secret, a changed byte or a stale timestamp does not.
 */

import { signSlackRequest } from '@konstruct/testing';
import { isValidSlackRequest } from '@slack/bolt';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW_MS = 1_531_420_618_000;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

function verifies(
  secret: string,
  signature: string,
  timestamp: number,
  body: string,
  nowMs = NOW_MS,
) {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    nowMilliseconds: nowMs,
  });
}

describe('Slack v0 signatures (our signer, Bolt’s verifier)', () => {
  test("Slack's documented example signs to its documented signature", () => {
    expect(signSlackRequest(SECRET, '1531420618', BODY)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
    expect(
      verifies(SECRET, signSlackRequest(SECRET, '1531420618', BODY), 1_531_420_618, BODY),
    ).toBe(true);
  });

  test('a forged signature, another secret or a changed body is refused', () => {
    const timestamp = 1_531_420_618;
    const signature = signSlackRequest(SECRET, String(timestamp), BODY);
    for (const [sig, body] of [
      [`v0=${'0'.repeat(64)}`, BODY],
      [signSlackRequest('another-secret', String(timestamp), BODY), BODY],
      [signature, `${BODY}&x=1`],
      ['v0=short', BODY],
      [signature.replace('v0=', 'v1='), BODY],
    ] as const) {
      expect(verifies(SECRET, sig, timestamp, body)).toBe(false);
    }
  });

  test('a timestamp more than five minutes away is stale, even when signed correctly', () => {
    const old = 1_531_420_618 - 301;
    expect(verifies(SECRET, signSlackRequest(SECRET, String(old), BODY), old, BODY)).toBe(false);
    const edge = 1_531_420_618 - 299;
    expect(verifies(SECRET, signSlackRequest(SECRET, String(edge), BODY), edge, BODY)).toBe(true);
  });

  test('any signed body verifies; the same signature over another body does not', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ minLength: 1 }), (body, other, secret) => {
        const timestamp = 1_700_000_000;
        const signature = signSlackRequest(secret, String(timestamp), body);
        expect(verifies(secret, signature, timestamp, body, timestamp * 1000)).toBe(true);
        fc.pre(other !== body);
        expect(verifies(secret, signature, timestamp, other, timestamp * 1000)).toBe(false);
      }),
    );
  });
});

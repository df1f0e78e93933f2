import { describe, expect, test } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './slack-signature.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW_MS = 1_531_420_618_000;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('Slack v0 signatures', () => {
  test("Slack's documented example signs to its documented signature", () => {
    expect(signSlackRequest(SECRET, '1531420618', BODY)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  test('a valid signature within the window is accepted', () => {
    const signature = signSlackRequest(SECRET, '1531420618', BODY);
    expect(
      verifySlackSignature(SECRET, { signature, timestamp: '1531420618', rawBody: BODY }, NOW_MS),
    ).toEqual({ ok: true });
  });

  test('a forged signature, another secret or a changed body is refused', () => {
    const timestamp = '1531420618';
    const forged = `v0=${'0'.repeat(64)}`;
    const otherSecret = signSlackRequest('another-secret', timestamp, BODY);
    const signature = signSlackRequest(SECRET, timestamp, BODY);
    for (const [sig, body] of [
      [forged, BODY],
      [otherSecret, BODY],
      [signature, `${BODY}&x=1`],
      ['v0=short', BODY],
    ] as const) {
      expect(
        verifySlackSignature(SECRET, { signature: sig, timestamp, rawBody: body }, NOW_MS),
      ).toEqual({
        ok: false,
        code: 'BadSignature',
      });
    }
  });

  test('a timestamp more than five minutes away is stale, even when signed correctly', () => {
    const old = String(1_531_420_618 - 301);
    const signature = signSlackRequest(SECRET, old, BODY);
    expect(
      verifySlackSignature(SECRET, { signature, timestamp: old, rawBody: BODY }, NOW_MS),
    ).toEqual({ ok: false, code: 'StaleTimestamp' });
    const edge = String(1_531_420_618 - 300);
    const edgeSignature = signSlackRequest(SECRET, edge, BODY);
    expect(
      verifySlackSignature(
        SECRET,
        { signature: edgeSignature, timestamp: edge, rawBody: BODY },
        NOW_MS,
      ),
    ).toEqual({ ok: true });
  });

  test('missing headers or a non-numeric timestamp are refused', () => {
    expect(
      verifySlackSignature(SECRET, { signature: undefined, timestamp: '1', rawBody: '' }, NOW_MS),
    ).toMatchObject({ ok: false, code: 'MissingSignature' });
    expect(
      verifySlackSignature(SECRET, { signature: 'v0=a', timestamp: 'soon', rawBody: '' }, NOW_MS),
    ).toMatchObject({ ok: false, code: 'MissingSignature' });
  });
});

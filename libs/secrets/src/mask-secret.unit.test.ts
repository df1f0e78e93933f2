import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNOWN_SECRET_PREFIXES, MASK, maskSecret } from './mask-secret.ts';

describe('maskSecret', () => {
  it.each([
    ['xoxb-1234567890-abcdefghijWXYZ', 'xoxb-••••WXYZ'],
    ['xoxp-1234567890-abcdefghijWXYZ', 'xoxp-••••WXYZ'],
    ['sk-ant-api03-abcdefghijklmnop', 'sk-ant-••••mnop'],
    ['sk-abcdefghijklmnopqrstuvwx', 'sk-••••uvwx'],
    ['0123456789abcdef', '••••cdef'],
    ['0123456789abcde', '••••'],
    ['xoxb-short', '••••'],
    ['', '••••'],
  ])('masks %s as %s', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it('shows nothing of the secret but a known prefix and at most the last 4 characters', () => {
    const prefixed = fc
      .tuple(fc.constantFrom('', ...KNOWN_SECRET_PREFIXES), fc.string({ maxLength: 60 }))
      .map(([prefix, rest]) => `${prefix}${rest}`);
    fc.assert(
      fc.property(prefixed, (secret) => {
        const masked = maskSecret(secret);
        if (masked === MASK) return;
        const prefix = KNOWN_SECRET_PREFIXES.find((p) => secret.startsWith(p)) ?? '';
        const body = Array.from(secret.slice(prefix.length));
        expect(masked.startsWith(`${prefix}${MASK}`)).toBe(true);
        const revealed = masked.slice(prefix.length + MASK.length);
        expect(Array.from(revealed).length).toBeLessThanOrEqual(4);
        expect(revealed).toBe(body.slice(-4).join(''));
        expect(body.length).toBeGreaterThan(4);
      }),
    );
  });

  it('does not reveal the length of the secret', () => {
    expect(maskSecret('a'.repeat(16)).length).toBe(maskSecret('a'.repeat(400)).length);
  });
});

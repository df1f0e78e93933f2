import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKeyPart, encodeKeyPart, encodeKeyParts } from './key-part.ts';

describe('encodeKeyPart', () => {
  it('keeps ids readable', () => {
    expect(encodeKeyPart('C0123ABC')).toBe('C0123ABC');
    expect(encodeKeyPart('1712345678.000100')).toBe('1712345678.000100');
    expect(encodeKeyPart('user_1-a')).toBe('user_1-a');
  });

  it('encodes separators, glob characters, hash-tag braces and the escape itself', () => {
    expect(encodeKeyPart('a:b')).toBe('a%3Ab');
    expect(encodeKeyPart('*?[]\\')).toBe('%2A%3F%5B%5D%5C');
    expect(encodeKeyPart('{tag}')).toBe('%7Btag%7D');
    expect(encodeKeyPart('%41')).toBe('%2541');
    expect(encodeKeyPart('é€')).toBe('%E9%u20AC');
  });

  it('yields only safe ASCII for any input, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (part) => {
        expect(encodeKeyPart(part)).toMatch(/^[A-Za-z0-9._%-]*$/);
      }),
    );
  });

  it('is reversible, hence injective', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (part) => {
        expect(decodeKeyPart(encodeKeyPart(part))).toBe(part);
      }),
    );
  });

  it('never maps two different parts to one encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        fc.pre(a !== b);
        expect(encodeKeyPart(a)).not.toBe(encodeKeyPart(b));
      }),
    );
  });
});

describe('decodeKeyPart', () => {
  it('refuses text that no part encodes to', () => {
    expect(decodeKeyPart('a:b')).toBeUndefined();
    expect(decodeKeyPart('%zz')).toBeUndefined();
    expect(decodeKeyPart('%4')).toBeUndefined();
    expect(decodeKeyPart('%e9')).toBeUndefined();
  });
});

describe('encodeKeyParts', () => {
  it('joins encoded parts with the separator', () => {
    expect(encodeKeyParts(['C1', 'a:b', ''])).toBe('C1:a%3Ab:');
  });
});

import { TenantSlug } from '@konstruct/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugify } from './slugify.ts';

describe('slugify', () => {
  it.each([
    ['Acme Corp.', 'acme-corp'],
    ['  Müller & Söhne GmbH  ', 'muller-sohne-gmbh'],
    ['Crème--Brûlée__Café', 'creme-brulee-cafe'],
    ['ACME', 'acme'],
    ['42', '42'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)} b`, 'a'.repeat(62)],
  ])('derives a slug from %j: %s', (name, slug) => {
    expect(slugify(name)).toEqual({ ok: true, slug });
  });

  it.each(['', '-', 'a', '!!!', '株式会社', ' x '])('signals InvalidSlug for %j', (name) => {
    const result = slugify(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('InvalidSlug');
  });

  it('always yields a valid TenantSlug or signals InvalidSlug', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (name) => {
        const result = slugify(name);
        if (result.ok) expect(TenantSlug.safeParse(result.slug).success).toBe(true);
        else expect(result.error.code).toBe('InvalidSlug');
      }),
    );
  });

  it('is idempotent: a slug slugifies to itself', () => {
    const names = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,90}$/),
    );
    fc.assert(
      fc.property(names, (name) => {
        const once = slugify(name);
        if (once.ok) expect(slugify(once.slug)).toEqual(once);
      }),
    );
  });
});

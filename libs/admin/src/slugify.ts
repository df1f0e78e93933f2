/**
 * Derives a tenant slug from a name (`Acme Corp.` → `acme-corp`): accents dropped, lowercase,
 * every run of other characters one `-`, no `-` at either end, at most 63 characters. The result
 * always satisfies `TenantSlug`, and slugifying a slug returns it unchanged.
 */
import { TenantSlug } from '@konstruct/schemas';
import { type AdminError, adminError } from './admin-error.ts';

export const MAX_SLUG_LENGTH = 63;

export type SlugResult =
  | { readonly ok: true; readonly slug: string }
  | { readonly ok: false; readonly error: AdminError };

export function slugify(text: string): SlugResult {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  if (TenantSlug.safeParse(slug).success) return { ok: true, slug };
  return {
    ok: false,
    error: adminError(
      'InvalidSlug',
      `Cannot derive a slug from "${text.slice(0, 80)}": it needs at least 2 letters or digits; ` +
        'give a slug of 2–63 lowercase letters, digits or "-".',
    ),
  };
}

/**
 * Tenant lifecycle. The tenant's own id is the envelope's `tenantId`, so these live on
 * `<ns>.events.<tenant>.tenant.<tenant>.…` with the rest of the tenant's history.
 */
import { z } from 'zod';
import { defineEvent } from '../define-event.ts';

export const TenantSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a slug is 2–63 lowercase letters, digits or "-"');

export const RateLimitPerMinute = z.number().int().min(1).max(100_000);

const onTenant = (_data: unknown, tenantId: string) => ({
  entity: 'tenant' as const,
  id: tenantId,
});

export const TenantCreated = defineEvent({
  type: 'tenant.created',
  version: 1,
  description: 'A tenant (a company) was created.',
  data: z
    .object({
      name: z.string().trim().min(1).max(200),
      slug: TenantSlug,
      rateLimitPerMinute: RateLimitPerMinute.default(30),
    })
    .strict(),
  entityOf: onTenant,
});

export const TenantUpdated = defineEvent({
  type: 'tenant.updated',
  version: 1,
  description: "A tenant's name, slug or rate limit changed; only changed fields are present.",
  data: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      slug: TenantSlug.optional(),
      rateLimitPerMinute: RateLimitPerMinute.optional(),
    })
    .strict()
    .refine((data) => Object.keys(data).length > 0, 'an update changes at least one field'),
  entityOf: onTenant,
});

export const TenantDeleted = defineEvent({
  type: 'tenant.deleted',
  version: 1,
  description: 'A tenant was deleted; its messages are rejected from now on.',
  data: z.object({ reason: z.string().max(500).optional() }).strict(),
  entityOf: onTenant,
});

/**
 * Inputs of the tenant commands (PRTA-01), validated with the same rules in the CLI, the portal
 * and the backend. Field rules come from the event contract, so a valid command makes valid events.
 */
import { RateLimitPerMinute, TenantCreated, TenantSlug } from '@konstruct/schemas';
import { z } from 'zod';
import { commandFields } from '../command-fields.ts';

const TenantName = TenantCreated.data.shape.name;

export const CreateTenantInput = z
  .object({
    ...commandFields,
    name: TenantName,
    slug: TenantSlug.optional().describe('derived from the name when absent'),
    rateLimitPerMinute: RateLimitPerMinute.optional(),
  })
  .strict();
export type CreateTenant = z.infer<typeof CreateTenantInput>;

export const UpdateTenantInput = z
  .object({
    ...commandFields,
    name: TenantName.optional(),
    slug: TenantSlug.optional(),
    rateLimitPerMinute: RateLimitPerMinute.optional(),
  })
  .strict();
export type UpdateTenant = z.infer<typeof UpdateTenantInput>;

export const DeleteTenantInput = z
  .object({ ...commandFields, reason: z.string().max(500).optional() })
  .strict();
export type DeleteTenant = z.infer<typeof DeleteTenantInput>;

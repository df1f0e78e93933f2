/**
 * Fields every command input shares: the tenant it acts in, and the optional version the author
 * saw (optimistic concurrency, see `expected-version.ts`).
 */
import { TenantId } from '@konstruct/schemas';
import { z } from 'zod';

export const ExpectedVersion = z
  .number()
  .int()
  .nonnegative()
  .optional()
  .describe('the entity version the author saw; the command fails with StaleWrite if it moved on');

export const commandFields = { tenantId: TenantId, expectedVersion: ExpectedVersion };

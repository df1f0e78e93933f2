/**
 * Platform-wide uniqueness (a tenant slug, a Slack team bound to one tenant) as atomic
 * create-if-absent claims in the admin KV bucket. A claim names its holder; claiming again as
 * the same holder is a no-op; releasing only removes one's own claim.
 */
import type { Subjects } from '@konstruct/schemas';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';

export const ClaimHolder = z.object({ tenantId: z.string(), entity: z.string(), id: z.string() });
export type ClaimHolder = z.infer<typeof ClaimHolder>;

export type ClaimResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly heldBy: ClaimHolder;
      readonly revision: number;
      /** When the holder claimed it: a writer still at work is younger than its deadline. */
      readonly claimedAt: Date;
    };

const same = (a: ClaimHolder, b: ClaimHolder) =>
  a.tenantId === b.tenantId && a.entity === b.entity && a.id === b.id;

export async function claimUnique(
  bucket: KV,
  subjects: Subjects,
  kind: string,
  value: string,
  holder: ClaimHolder,
): Promise<ClaimResult> {
  const key = subjects.claimKey(kind, value);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await bucket.create(key, JSON.stringify(holder));
      return { ok: true };
    } catch {
      const current = await bucket.get(key);
      if (current === null || current.operation !== 'PUT') continue;
      const heldBy = ClaimHolder.parse(current.json());
      if (same(heldBy, holder)) return { ok: true };
      return { ok: false, heldBy, revision: current.revision, claimedAt: current.created };
    }
  }
  throw new Error(`claim ${key} could neither be created nor read`);
}

/** Moves a claim whose holder turned out not to exist (a crashed writer) to `holder`. */
export async function takeOverClaim(
  bucket: KV,
  subjects: Subjects,
  kind: string,
  value: string,
  holder: ClaimHolder,
  revision: number,
): Promise<boolean> {
  try {
    await bucket.update(subjects.claimKey(kind, value), JSON.stringify(holder), revision);
    return true;
  } catch {
    return false;
  }
}

export async function releaseClaim(
  bucket: KV,
  subjects: Subjects,
  kind: string,
  value: string,
  holder: ClaimHolder,
): Promise<void> {
  const key = subjects.claimKey(kind, value);
  const current = await bucket.get(key);
  if (current === null || current.operation !== 'PUT') return;
  if (!same(ClaimHolder.parse(current.json()), holder)) return;
  await bucket.delete(key, { previousSeq: current.revision });
}

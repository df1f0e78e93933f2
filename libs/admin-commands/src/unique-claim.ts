/**
 * Claiming a platform-wide unique value for an aggregate, with recovery: a claim whose holder
 * never came to exist (its writer crashed between claiming and appending) or no longer holds the
 * value (decided by `stillHolds`) is taken over — but only once it is older than the lease, so a
 * writer still between claiming and appending is never overtaken; anything else is a conflict.
 */
import { type ClaimHolder, claimUnique, takeOverClaim } from '@konstruct/event-store';
import { AdminCommandError } from './admin-command-error.ts';
import type { AdminStoreDeps } from './admin-store.ts';

/** Longer than any admin write takes from claiming to appending (the publish timeouts included). */
export const CLAIM_LEASE_MS = 30_000;

/** May the claim be taken over: its holder no longer holds the value and its lease ran out. */
export function claimIsStale(
  claimedAt: Date,
  holderStillHolds: boolean,
  now = Date.now(),
): boolean {
  return !holderStillHolds && now - claimedAt.getTime() > CLAIM_LEASE_MS;
}

export interface ClaimRequest {
  readonly kind: 'tenant-slug' | 'slack-team' | 'agent-name' | 'admin-roster';
  readonly value: string;
  readonly holder: ClaimHolder;
  /** Does the current holder still hold the value (its aggregate exists and uses it)? */
  readonly stillHolds: (holder: ClaimHolder) => Promise<boolean>;
  readonly conflict: { readonly code: string; readonly message: string };
}

export async function claimOrFail(deps: AdminStoreDeps, request: ClaimRequest): Promise<void> {
  const { kind, value, holder } = request;
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await claimUnique(deps.bucket, deps.subjects, kind, value, holder);
    if (claimed.ok) return;
    if (!claimIsStale(claimed.claimedAt, await request.stillHolds(claimed.heldBy))) {
      throw new AdminCommandError(request.conflict);
    }
    if (await takeOverClaim(deps.bucket, deps.subjects, kind, value, holder, claimed.revision))
      return;
  }
  throw new AdminCommandError(request.conflict);
}

/**
 * Routing decisions as pure functions. Inside a group: healthy deployments first, then faster
 * (by latency bucket, so noise of a few ms does not reorder), then the declared order. Across
 * groups: the requested group (or the tenant's override of it), then its fallback chain, each
 * group and deployment visited once.
 */
import type { GroupConfig } from './llm-config.ts';
import type { ModelGroupName } from './llm-result.ts';

export interface RouteCandidate {
  readonly name: string;
  readonly healthy: boolean;
  /** Undefined until the deployment has answered once; unknown ones are tried early, to learn. */
  readonly latencyEwmaMs: number | undefined;
}

/** Latencies within a factor of 1.5 of each other share a bucket. */
export function latencyBucket(latencyMs: number | undefined): number {
  if (latencyMs === undefined) return -1;
  return Math.floor(Math.log(latencyMs + 1) / Math.log(1.5));
}

export function orderCandidates(candidates: readonly RouteCandidate[]): string[] {
  if (candidates.length < 2) return candidates.map((candidate) => candidate.name);
  return candidates
    .map((candidate, index) => ({
      candidate,
      index,
      bucket: latencyBucket(candidate.latencyEwmaMs),
    }))
    .sort(
      (a, b) =>
        Number(b.candidate.healthy) - Number(a.candidate.healthy) ||
        a.bucket - b.bucket ||
        a.index - b.index,
    )
    .map(({ candidate }) => candidate.name);
}

export interface RouteStep {
  readonly group: ModelGroupName;
  readonly deployments: readonly string[];
}

export function planGroups(
  groups: Readonly<Record<ModelGroupName, GroupConfig>>,
  requested: ModelGroupName,
  tenantOverride: Partial<Record<ModelGroupName, readonly string[]>> | undefined,
): RouteStep[] {
  const steps: RouteStep[] = [];
  const seenDeployments = new Set<string>();
  for (let group: ModelGroupName | undefined = requested; group !== undefined; ) {
    if (steps.some((step) => step.group === group)) break;
    const declared = tenantOverride?.[group] ?? groups[group].deployments;
    const fresh = declared.filter((name) => !seenDeployments.has(name));
    for (const name of fresh) seenDeployments.add(name);
    steps.push({ group, deployments: fresh });
    group = groups[group].fallbackGroup;
  }
  return steps;
}

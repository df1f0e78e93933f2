/**
 * Every projection the projector runs, by name, in one list: the live loop applies all of them,
 * a rebuild or a wait may name a subset. Unknown names are an expected error, not a crash.
 */
import { agentsProjection } from './agents-projection.ts';
import { channelConnectionsProjection } from './channel-connections-projection.ts';
import { conversationsProjection } from './conversations-projection.ts';
import { membersProjection } from './members-projection.ts';
import type { Projection } from './projection.ts';
import { ProjectionError } from './projection-errors.ts';
import { tenantsProjection } from './tenants-projection.ts';
import { usageProjection } from './usage-projection.ts';

export const allProjections: readonly Projection[] = [
  tenantsProjection,
  agentsProjection,
  channelConnectionsProjection,
  membersProjection,
  conversationsProjection,
  usageProjection,
];

export const projectionNames: readonly string[] = allProjections.map((p) => p.name);

/** The named projections (all when `names` is absent or empty), in registry order. */
export function selectProjections(
  names: readonly string[] | undefined,
  from: readonly Projection[] = allProjections,
): readonly Projection[] {
  if (names === undefined || names.length === 0) return from;
  const known = new Set(from.map((p) => p.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ProjectionError(
      'UnknownProjection',
      `unknown projection ${unknown.join(', ')}; known: ${from.map((p) => p.name).join(', ')}`,
    );
  }
  const wanted = new Set(names);
  return from.filter((p) => wanted.has(p.name));
}

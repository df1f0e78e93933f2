/**
 * Team id → tenant and connection, cached so the ack path rarely touches Postgres. Found
 * workspaces are kept for `ttlMs`; unknown ones for the shorter `unknownTtlMs`, so a flood from an
 * unconnected workspace costs one query per interval. Concurrent lookups of one team share one
 * query. The cache is bounded. The lookup itself is a parameter (the read model in production),
 * so this file has no I/O.
 *
 * Connection events keep it current without waiting for a TTL (issue 6: "a connection added while
 * the platform runs works at once"): `learn` stores the workspace an added connection names
 * (straight from the event, so a read model that has not projected it yet cannot hide it), and
 * `forgetConnection` marks a removed connection's team unknown and refuses that connection id
 * from lookups for `ttlMs` (the read model may still show it active for a moment). A lookup that
 * was in flight when an event arrived is answered but not cached, so it cannot undo the event.
 */
import type { SlackWorkspace } from './build-message-received.ts';

export type WorkspaceLookup = (teamId: string) => Promise<SlackWorkspace | undefined>;

export interface WorkspaceDirectoryOptions {
  readonly lookup: WorkspaceLookup;
  readonly ttlMs: number;
  readonly unknownTtlMs: number;
  /** Most teams remembered (default 10,000); the oldest entry goes first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export interface WorkspaceDirectory {
  resolve(teamId: string): Promise<SlackWorkspace | undefined>;
  /** Forgets a team: the next request looks it up again. */
  invalidate(teamId: string): void;
  /** A connection was added: the team resolves to it from now on. */
  learn(teamId: string, workspace: SlackWorkspace): void;
  /** A connection was removed: its team stops resolving to it at once. */
  forgetConnection(connectionId: string): void;
}

interface Entry {
  readonly workspace: SlackWorkspace | undefined;
  readonly expiresAt: number;
}

/** A bounded map whose oldest key goes first when full. */
function boundedSet<V>(map: Map<string, V>, maxEntries: number, key: string, value: V): void {
  map.delete(key);
  if (map.size >= maxEntries) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}

export function createWorkspaceDirectory(options: WorkspaceDirectoryOptions): WorkspaceDirectory {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<SlackWorkspace | undefined>>();
  /** Removed connection ids → until when a lookup naming them is not believed. */
  const removed = new Map<string, number>();
  /** Bumped by every connection event; a lookup started in an older epoch is not cached. */
  let epoch = 0;

  function remember(teamId: string, workspace: SlackWorkspace | undefined, ttl: number): void {
    boundedSet(entries, maxEntries, teamId, { workspace, expiresAt: now() + ttl });
  }

  function believed(workspace: SlackWorkspace | undefined): SlackWorkspace | undefined {
    if (workspace === undefined) return undefined;
    const until = removed.get(workspace.connectionId);
    return until !== undefined && until > now() ? undefined : workspace;
  }

  function lookUp(teamId: string): Promise<SlackWorkspace | undefined> {
    const inFlight = pending.get(teamId);
    if (inFlight !== undefined) return inFlight;
    const startedIn = epoch;
    const query = options
      .lookup(teamId)
      .then((found) => {
        const workspace = believed(found);
        if (startedIn === epoch) {
          remember(
            teamId,
            workspace,
            workspace === undefined ? options.unknownTtlMs : options.ttlMs,
          );
        }
        return workspace;
      })
      .finally(() => {
        if (pending.get(teamId) === query) pending.delete(teamId);
      });
    pending.set(teamId, query);
    return query;
  }

  return {
    resolve(teamId) {
      const cached = entries.get(teamId);
      if (cached !== undefined && cached.expiresAt > now()) {
        return Promise.resolve(cached.workspace);
      }
      return lookUp(teamId);
    },
    invalidate(teamId) {
      epoch += 1;
      entries.delete(teamId);
      pending.delete(teamId);
    },
    learn(teamId, workspace) {
      epoch += 1;
      removed.delete(workspace.connectionId);
      pending.delete(teamId);
      remember(teamId, workspace, options.ttlMs);
    },
    forgetConnection(connectionId) {
      epoch += 1;
      boundedSet(removed, maxEntries, connectionId, now() + options.ttlMs);
      for (const [teamId, entry] of entries) {
        if (entry.workspace?.connectionId !== connectionId) continue;
        pending.delete(teamId);
        remember(teamId, undefined, options.ttlMs);
      }
    },
  };
}

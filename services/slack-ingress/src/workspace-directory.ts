/**
 * Team id → tenant and connection, cached so the ack path rarely touches Postgres. Found
 * workspaces are kept for `ttlMs`; unknown ones for the shorter `unknownTtlMs`, so a workspace
 * connected while we run is served within seconds while a flood from an unconnected one costs one
 * query per interval. Concurrent lookups of one team share one query. The cache is bounded.
 * The lookup itself is a parameter (the read model in production), so this file has no I/O.
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
  /** Forgets a team (e.g. its connection changed). */
  invalidate(teamId: string): void;
}

interface Entry {
  readonly workspace: SlackWorkspace | undefined;
  readonly expiresAt: number;
}

export function createWorkspaceDirectory(options: WorkspaceDirectoryOptions): WorkspaceDirectory {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<SlackWorkspace | undefined>>();

  function remember(teamId: string, workspace: SlackWorkspace | undefined): void {
    entries.delete(teamId);
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done !== true) entries.delete(oldest.value);
    }
    const ttl = workspace === undefined ? options.unknownTtlMs : options.ttlMs;
    entries.set(teamId, { workspace, expiresAt: now() + ttl });
  }

  function lookUp(teamId: string): Promise<SlackWorkspace | undefined> {
    const inFlight = pending.get(teamId);
    if (inFlight !== undefined) return inFlight;
    const query = options
      .lookup(teamId)
      .then((workspace) => {
        remember(teamId, workspace);
        return workspace;
      })
      .finally(() => pending.delete(teamId));
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
      entries.delete(teamId);
    },
  };
}

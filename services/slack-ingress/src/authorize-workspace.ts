/**
 * Bolt's multi-workspace `authorize` over our workspace directory (TNNT-02): the event's team id
 * resolves to its tenant and connection from the cache, with no bot token and no Slack Web API
 * call on the ack path (the egress holds the tokens). The result carries `botUserId` so Bolt's
 * `ignoreSelf` drops the bot's own events, and the resolved workspace under its own context key.
 * An unknown workspace is not an authorization failure here: Bolt would answer 401 and Slack would
 * keep retrying; it resolves to `null`, and the listener answers 200 and counts it. A failed
 * lookup throws, so Bolt answers 500 and Slack retries.
 */
import type { Authorize } from '@slack/bolt';
import type { SlackWorkspace } from './build-message-received.ts';
import type { WorkspaceDirectory } from './workspace-directory.ts';

/** The Bolt context key holding the resolved workspace (null: no tenant connected the team). */
const WORKSPACE_KEY = 'konstructWorkspace';

/** Bolt's authorize for one app installed in many workspaces (an org-wide install has no team). */
export function authorizeWorkspace(directory: WorkspaceDirectory): Authorize<boolean> {
  return async ({ teamId }) => {
    if (teamId === undefined) return { [WORKSPACE_KEY]: null };
    const workspace = await directory.resolve(teamId);
    return workspace === undefined
      ? { teamId, [WORKSPACE_KEY]: null }
      : { teamId, botUserId: workspace.botUserId, [WORKSPACE_KEY]: workspace };
  };
}

/**
 * The workspace `authorizeWorkspace` put in Bolt's context: null when the team is unknown,
 * undefined when Bolt skipped authorization (it does for `app_uninstalled`, `tokens_revoked`).
 */
export function workspaceOf(
  context: Readonly<Record<string, unknown>>,
): SlackWorkspace | null | undefined {
  const value = context[WORKSPACE_KEY];
  if (value === null) return null;
  return isWorkspace(value) ? value : undefined;
}

function isWorkspace(value: unknown): value is SlackWorkspace {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof SlackWorkspace, unknown>>;
  return (
    typeof candidate.tenantId === 'string' &&
    typeof candidate.connectionId === 'string' &&
    typeof candidate.botUserId === 'string'
  );
}

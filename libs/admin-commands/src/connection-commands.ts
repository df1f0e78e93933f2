/**
 * Channel connection commands (PRTA-04, TNNT-02): connect a Slack workspace to a tenant and
 * remove it. The bot token arrives in the clear and is encrypted here (bound to the tenant and
 * connection) before it is put in any event; a workspace belongs to at most one active
 * connection across the platform (an atomic claim on its team id).
 */
import {
  AddSlackConnectionInput,
  type AgentState,
  decideAddSlackConnection,
  decideRemoveConnection,
  evolveConnection,
  initialConnectionState,
  RemoveConnectionInput,
  type SlackTeamClaim,
} from '@konstruct/admin';
import { type ClaimHolder, claimUnique, releaseClaim, takeOverClaim } from '@konstruct/event-store';
import { newEventId } from '@konstruct/schemas';
import { encryptSecret, type Keyring } from '@konstruct/secrets';
import { z } from 'zod';
import { AdminCommandError } from './admin-command-error.ts';
import {
  type AdminStoreDeps,
  type CommandResult,
  commit,
  decided,
  fold,
  load,
  parseOrThrow,
} from './admin-store.ts';
import { loadAgent } from './agent-commands.ts';
import { loadTenant } from './tenant-commands.ts';
import { claimIsStale } from './unique-claim.ts';

/** The GCM context a Slack bot token is bound to; decrypt with the same. */
export function slackBotTokenContext(tenantId: string, connectionId: string): string {
  return `${tenantId}:slack-bot-token:${connectionId}`;
}

const PlainSlackToken = z
  .string()
  .regex(/^xox[bpa]-[A-Za-z0-9-]+$/, 'a Slack bot token looks like xoxb-…');

const connectionEntity = (connectionId: string) => ({
  entity: 'connection' as const,
  id: connectionId,
});

export async function loadConnection(deps: AdminStoreDeps, tenantId: string, connectionId: string) {
  const loaded = await load(deps, tenantId, connectionEntity(connectionId));
  return { loaded, state: fold(loaded, initialConnectionState(), evolveConnection) };
}

async function claimTeam(
  deps: AdminStoreDeps,
  teamId: string,
  holder: ClaimHolder,
): Promise<SlackTeamClaim | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await claimUnique(deps.bucket, deps.subjects, 'slack-team', teamId, holder);
    if (claimed.ok) return null;
    const { state } = await loadConnection(deps, claimed.heldBy.tenantId, claimed.heldBy.id);
    const holds = state.status === 'connected' && state.details.connection.teamId === teamId;
    if (!claimIsStale(claimed.claimedAt, holds)) {
      return { tenantId: claimed.heldBy.tenantId, connectionId: claimed.heldBy.id };
    }
    const taken = await takeOverClaim(
      deps.bucket,
      deps.subjects,
      'slack-team',
      teamId,
      holder,
      claimed.revision,
    );
    if (taken) return null;
  }
  throw new AdminCommandError({
    code: 'StaleWrite',
    message: 'The workspace claim kept changing; retry.',
  });
}

export interface AddSlackConnectionDeps extends AdminStoreDeps {
  readonly keyring: Keyring;
}

export async function addSlackConnection(
  deps: AddSlackConnectionDeps,
  input: unknown,
): Promise<CommandResult> {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const token = PlainSlackToken.safeParse(given.botToken);
  if (!token.success) {
    throw new AdminCommandError({
      code: 'InvalidInput',
      message: 'Invalid input: botToken: a Slack bot token looks like xoxb-…',
    });
  }
  const connectionId = typeof given.connectionId === 'string' ? given.connectionId : newEventId();
  const tenantId = String(given.tenantId ?? '');
  const botToken = encryptSecret(deps.keyring, token.data, {
    context: slackBotTokenContext(tenantId, connectionId),
  });
  const command = parseOrThrow(AddSlackConnectionInput, {
    agentId: null,
    ...given,
    connectionId,
    botToken,
  });
  const holder = { tenantId: command.tenantId, entity: 'connection', id: connectionId };
  const [{ state: tenant }, { loaded, state: connection }, agent] = await Promise.all([
    loadTenant(deps, command.tenantId),
    loadConnection(deps, command.tenantId, connectionId),
    command.agentId === null
      ? Promise.resolve<AgentState | null>(null)
      : loadAgent(deps, command.tenantId, command.agentId).then((loadedAgent) => loadedAgent.state),
  ]);
  // Decide once without the claim: if the command fails for another reason (the connection
  // exists, the tenant is gone), no claim is taken — and none held by this connection released.
  const before = decideAddSlackConnection(
    { tenant, connection, agent, teamClaimedBy: null },
    command,
  );
  decided(before);
  const teamClaimedBy = await claimTeam(deps, command.teamId, holder);
  try {
    const planned = decided(
      decideAddSlackConnection({ tenant, connection, agent, teamClaimedBy }, command),
    );
    return await commit(deps, loaded, planned);
  } catch (error) {
    if (teamClaimedBy === null) {
      await releaseClaim(deps.bucket, deps.subjects, 'slack-team', command.teamId, holder);
    }
    throw error;
  }
}

export async function removeConnection(
  deps: AdminStoreDeps,
  input: unknown,
): Promise<CommandResult> {
  const command = parseOrThrow(RemoveConnectionInput, input);
  const { loaded, state } = await loadConnection(deps, command.tenantId, command.connectionId);
  const result = await commit(deps, loaded, decided(decideRemoveConnection(state, command)));
  if (state.status === 'connected') {
    const holder = { tenantId: command.tenantId, entity: 'connection', id: command.connectionId };
    await releaseClaim(
      deps.bucket,
      deps.subjects,
      'slack-team',
      state.details.connection.teamId,
      holder,
    );
  }
  return result;
}

/**
 * The router's decision (issue 6 item 2; CHAN-02, CHAN-05, TNNT-02), pure: given a received
 * message and what is known about its tenant, connection, agents, thread and rate limits, the
 * message is routed to one agent, rejected with a reason an operator can read, or ignored (a
 * plain reply in a thread the agent does not follow). Deciding happens in two steps so the shell
 * spends rate-limit points only on messages that would otherwise be routed: `admitMessage`
 * (everything but the limits) and `applyRateLimits`; `routeMessage` is both in one call.
 */
import type { RoutingAgent, RoutingFacts } from '@konstruct/read-model';
import type { EventOf, MessageReceived, RejectionReason } from '@konstruct/schemas';

export type ReceivedMessage = EventOf<typeof MessageReceived>['data'];
export type RateLimitScope = 'tenant' | 'channel';

/** One limit to consume a point from: the whole tenant, or one channel (web: one user). */
export interface RateLimitRequest {
  readonly scope: RateLimitScope;
  /** What is limited inside the tenant (`[]` for the tenant itself), as key parts. */
  readonly subject: readonly string[];
  /** The tenant's threshold (tenants.rate_limit_per_minute, 30 unless configured). */
  readonly pointsPerMinute: number;
}

export interface RateLimitVerdict {
  readonly scope: RateLimitScope;
  readonly allowed: boolean;
  /** How long until a point is free again (0 when allowed). */
  readonly retryAfterMs: number;
  readonly pointsPerMinute: number;
}

export interface Rejection {
  readonly kind: 'rejected';
  readonly reason: RejectionReason;
  readonly scope?: RateLimitScope;
  readonly retryAfterMs?: number;
  readonly detail: string;
}

export interface Ignored {
  readonly kind: 'ignored';
  readonly why: string;
}

export interface Admitted {
  readonly kind: 'admitted';
  readonly agentId: string;
  readonly limits: readonly RateLimitRequest[];
  /** A Slack message: its thread becomes (or stays) engaged once routed. */
  readonly engagesThread: boolean;
}

export interface Routed {
  readonly kind: 'routed';
  readonly agentId: string;
  readonly engagesThread: boolean;
}

export type Admission = Admitted | Rejection | Ignored;
export type RouteDecision = Routed | Rejection | Ignored;

export interface RoutingInput {
  readonly tenantId: string;
  readonly message: ReceivedMessage;
  readonly facts: RoutingFacts;
  /** Whether the message's thread is engaged (read only for thread replies). */
  readonly threadEngaged: boolean;
}

/**
 * A plain Slack message in a channel thread, without a mention: answered only while the agent
 * follows the thread (CHAN-02).
 */
export function isThreadReply(message: ReceivedMessage): boolean {
  const { metadata } = message;
  return metadata.channel === 'slack' && !metadata.mentioned && metadata.channelType !== 'im';
}

/** Everything but the rate limits: which agent would answer, or why none will. */
export function admitMessage(input: RoutingInput): Admission {
  const { message, facts, tenantId } = input;
  if (isThreadReply(message) && !input.threadEngaged) {
    return {
      kind: 'ignored',
      why: 'a reply without a mention in a thread the agent does not follow',
    };
  }
  const { tenant } = facts;
  if (tenant === undefined || tenant.status === 'deleted') {
    const state = tenant === undefined ? 'unknown to the read model' : 'deleted';
    return reject(
      'tenant_deleted',
      `Tenant ${tenantId} is ${state}; its messages are not answered.`,
    );
  }
  if (message.connectionId !== null && facts.connection?.status !== 'active') {
    return reject(
      'connection_removed',
      `Channel connection ${message.connectionId} is removed; add it again to answer its messages.`,
    );
  }
  const agent = chooseAgent(input);
  if ('kind' in agent) return agent;
  if (!agent.active) {
    return reject(
      'agent_inactive',
      `Agent ${agent.agentId} is inactive; activate it (or bind another agent) to answer messages.`,
    );
  }
  const pointsPerMinute = tenant.rateLimitPerMinute;
  return {
    kind: 'admitted',
    agentId: agent.agentId,
    limits: [
      { scope: 'tenant', subject: [], pointsPerMinute },
      { scope: 'channel', subject: channelSubject(message), pointsPerMinute },
    ],
    engagesThread: message.metadata.channel === 'slack',
  };
}

/** The first limit over its threshold rejects the message (tenant before channel). */
export function applyRateLimits(
  admitted: Admitted,
  verdicts: readonly RateLimitVerdict[],
): Routed | Rejection {
  const order: readonly RateLimitScope[] = ['tenant', 'channel'];
  for (const scope of order) {
    const denied = verdicts.find((verdict) => verdict.scope === scope && !verdict.allowed);
    if (denied !== undefined) {
      const retryAfterMs = Math.max(0, Math.ceil(denied.retryAfterMs));
      const what = scope === 'tenant' ? 'The tenant' : 'This channel';
      return {
        kind: 'rejected',
        reason: 'rate_limited',
        scope,
        retryAfterMs,
        detail: `${what} is over its limit of ${denied.pointsPerMinute} messages per minute; retry in ${Math.ceil(retryAfterMs / 1000)} s.`,
      };
    }
  }
  return { kind: 'routed', agentId: admitted.agentId, engagesThread: admitted.engagesThread };
}

/** The whole decision, given the verdicts of the limits `admitMessage` would ask for. */
export function routeMessage(
  input: RoutingInput,
  verdicts: readonly RateLimitVerdict[],
): RouteDecision {
  const admission = admitMessage(input);
  return admission.kind === 'admitted' ? applyRateLimits(admission, verdicts) : admission;
}

/** The web agent named by the message, else the connection's bound agent, else the default. */
function chooseAgent(input: RoutingInput): RoutingAgent | Rejection {
  const { message, facts } = input;
  const named =
    message.metadata.channel === 'web' ? message.metadata.agentId : facts.connection?.agentId;
  if (named !== undefined && named !== null) {
    return (
      facts.namedAgent ??
      reject('no_agent', `Agent ${named} does not exist in this tenant; bind an existing agent.`)
    );
  }
  return (
    facts.defaultAgent ??
    reject('no_agent', 'The tenant has no agent; create one to answer its messages.')
  );
}

function channelSubject(message: ReceivedMessage): readonly string[] {
  const { metadata } = message;
  return metadata.channel === 'slack'
    ? ['slack', metadata.teamId, metadata.channelId]
    : ['web', metadata.userId];
}

function reject(reason: RejectionReason, detail: string): Rejection {
  return { kind: 'rejected', reason, detail };
}

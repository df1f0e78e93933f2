/**
 * Where the answer to a message goes in Slack, read from the conversation's `message.received`
 * (what slack-ingress stored: team, channel, thread root, sender, connection). A message that
 * did not come from Slack (web chat) has no Slack target. Targets are kept in a small bounded
 * memory, since every event of one message (routed, started, …) asks for the same one.
 */
import { MessageReceived } from '@konstruct/schemas';
import { findConversationEvent, type LookupDeps } from './conversation-lookup.ts';
import type { SlackThread } from './slack-api.ts';

export interface SlackTarget {
  readonly thread: SlackThread;
  readonly connectionId: string;
}

export interface MessageRef {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly messageId: string;
}

export type TargetLookup =
  | { readonly kind: 'slack'; readonly target: SlackTarget }
  | { readonly kind: 'not_slack' }
  | { readonly kind: 'not_found' };

export type FindTarget = (ref: MessageRef, signal?: AbortSignal) => Promise<TargetLookup>;

const REMEMBERED = 10_000;

export function createTargetFinder(deps: LookupDeps): FindTarget {
  // lookups, kept from the moment they are asked: events of one message handled at once (its
  // routed and its reply.started) share one read
  const remembered = new Map<string, Promise<TargetLookup>>();
  return (ref, signal) => {
    // keyed by tenant too: a lookup never answers for another tenant's message
    const key = `${ref.tenantId}/${ref.messageId}`;
    const known = remembered.get(key);
    if (known !== undefined) return known;
    const lookup = lookUp(deps, ref, signal);
    if (remembered.size >= REMEMBERED) {
      const oldest = remembered.keys().next().value;
      if (oldest !== undefined) remembered.delete(oldest);
    }
    remembered.set(key, lookup);
    // a message not stored yet, or a read that failed, is asked again next time
    const forget = () => {
      if (remembered.get(key) === lookup) remembered.delete(key);
    };
    lookup.then((found) => {
      if (found.kind === 'not_found') forget();
    }, forget);
    return lookup;
  };
}

async function lookUp(
  deps: LookupDeps,
  ref: MessageRef,
  signal: AbortSignal | undefined,
): Promise<TargetLookup> {
  const received = await findConversationEvent(
    deps,
    MessageReceived,
    ref,
    (event) => event.id === ref.messageId,
    signal === undefined ? {} : { signal },
  );
  if (received === undefined) return { kind: 'not_found' };
  const { metadata, sender, connectionId } = received.data;
  if (metadata.channel !== 'slack' || connectionId === null) return { kind: 'not_slack' };
  return {
    kind: 'slack',
    target: {
      connectionId,
      thread: {
        teamId: metadata.teamId,
        channelId: metadata.channelId,
        threadTs: metadata.threadTs,
        userId: sender.id,
      },
    },
  };
}

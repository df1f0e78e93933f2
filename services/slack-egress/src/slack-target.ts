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
  const remembered = new Map<string, TargetLookup>();
  return async (ref, signal) => {
    // keyed by tenant too: a lookup never answers for another tenant's message
    const key = `${ref.tenantId}/${ref.messageId}`;
    const known = remembered.get(key);
    if (known !== undefined) return known;
    const received = await findConversationEvent(
      deps,
      MessageReceived,
      ref,
      (event) => event.id === ref.messageId,
      signal === undefined ? {} : { signal },
    );
    if (received === undefined) return { kind: 'not_found' };
    const { metadata, sender, connectionId } = received.data;
    const lookup: TargetLookup =
      metadata.channel !== 'slack' || connectionId === null
        ? { kind: 'not_slack' }
        : {
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
    if (remembered.size >= REMEMBERED) {
      const oldest = remembered.keys().next().value;
      if (oldest !== undefined) remembered.delete(oldest);
    }
    remembered.set(key, lookup);
    return lookup;
  };
}

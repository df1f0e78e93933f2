/**
 * Wakes a message that waits for an earlier one in its conversation: a core-NATS subscription
 * to the conversation's `reply.completed` and `reply.failed` subjects (JetStream-stored messages
 * reach plain subscribers too). A wake-up is only a hint to re-read the stream — the message may
 * reach the subscriber before the stream has stored it — so `wait` also ends after a timeout,
 * and the caller re-reads either way.
 */
import { ReplyCompleted, ReplyFailed, type Subjects } from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ConversationRef } from './conversation-events.ts';

export interface ReplyWatch {
  /** Resolves true on a reply in the conversation or after `timeoutMs`, false once `signal` aborts. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  close(): void;
}

export function watchReplies(
  nc: NatsConnection,
  subjects: Subjects,
  { tenantId, conversationId }: ConversationRef,
): ReplyWatch {
  const ref = { tenantId, data: { conversationId } };
  let seen = 0;
  let wake: (() => void) | undefined;
  const onReply = () => {
    seen++;
    wake?.();
  };
  const subscriptions: Subscription[] = [
    nc.subscribe(subjects.of(ReplyCompleted, { type: ReplyCompleted.type, ...ref }), {
      callback: onReply,
    }),
    nc.subscribe(subjects.of(ReplyFailed, { type: ReplyFailed.type, ...ref }), {
      callback: onReply,
    }),
  ];
  let consumed = 0;
  return {
    wait(timeoutMs, signal) {
      if (signal.aborted) return Promise.resolve(false);
      if (seen > consumed) {
        consumed = seen;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const finish = (value: boolean) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = undefined;
          consumed = seen;
          resolve(value);
        };
        const onAbort = () => finish(false);
        const timer = setTimeout(() => finish(true), timeoutMs);
        wake = () => finish(true);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}

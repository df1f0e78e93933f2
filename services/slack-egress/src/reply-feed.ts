/**
 * What one reply says while it is being answered: its `reply.delta`s, followed through the
 * instance's delta buffer (delta-buffer.ts: those heard before the feed opened, then the new
 * ones; kept in index order, duplicates ignored; only the unbroken run from index 0 is text —
 * the completion's full text makes up for anything missed) and its `reply.completed` /
 * `reply.failed` from core NATS (JetStream-stored messages reach plain subscribers too). Events
 * of other replies in the conversation are ignored.
 */
import {
  type EventOf,
  eventRegistry,
  parseEventAt,
  ReplyCompleted,
  ReplyFailed,
  type Subjects,
} from '@konstruct/schemas';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { DeltaBuffer } from './delta-buffer.ts';

export type ReplyEnd = EventOf<typeof ReplyCompleted> | EventOf<typeof ReplyFailed>;

export interface ReplyRef {
  readonly tenantId: string;
  readonly conversationId: string;
  readonly replyId: string;
}

export interface ReplyFeed {
  /** Contiguous delta text received since the last call. */
  takeText(): string;
  /** Whether text is waiting (without taking it). */
  readonly pendingChars: number;
  readonly end: ReplyEnd | undefined;
  /** Sets the end found elsewhere (the stream), unless one arrived already. */
  endWith(end: ReplyEnd): void;
  /** Resolves true when something arrived, false after `timeoutMs` or on abort. */
  changed(timeoutMs: number, signal: AbortSignal): Promise<boolean>;
  close(): void;
}

export function openReplyFeed(
  nc: NatsConnection,
  subjects: Subjects,
  ref: ReplyRef,
  deltas: DeltaBuffer,
): ReplyFeed {
  const pending = new Map<number, string>();
  let nextIndex = 0;
  let text = '';
  let end: ReplyEnd | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const acceptDelta = (index: number, piece: string) => {
    if (index < nextIndex) return;
    pending.set(index, piece);
    for (let next = pending.get(nextIndex); next !== undefined; next = pending.get(nextIndex)) {
      pending.delete(nextIndex);
      text += next;
      nextIndex += 1;
    }
  };
  const onMessage = (error: Error | null, msg: Msg) => {
    if (error !== null) return;
    const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
    if (!parsed.ok) return;
    const event = parsed.event;
    if (event.tenantId !== ref.tenantId) return;
    if (event.type !== 'reply.completed' && event.type !== 'reply.failed') return;
    if (event.data.replyId !== ref.replyId || end !== undefined) return;
    end = event;
    notify();
  };
  const base = { tenantId: ref.tenantId, data: { conversationId: ref.conversationId } };
  const subscriptions: Subscription[] = [
    nc.subscribe(subjects.of(ReplyCompleted, { type: ReplyCompleted.type, ...base }), {
      callback: onMessage,
    }),
    nc.subscribe(subjects.of(ReplyFailed, { type: ReplyFailed.type, ...base }), {
      callback: onMessage,
    }),
  ];
  const unfollow = deltas.follow(ref.tenantId, ref.replyId, (delta) => {
    acceptDelta(delta.index, delta.text);
    notify();
  });
  return {
    takeText() {
      const taken = text;
      text = '';
      return taken;
    },
    get pendingChars() {
      return text.length;
    },
    get end() {
      return end;
    },
    endWith(found) {
      if (end === undefined) end = found;
      notify();
    },
    changed(timeoutMs, signal) {
      if (end !== undefined || signal.aborted) return Promise.resolve(end !== undefined);
      return new Promise<boolean>((resolve) => {
        const finish = (value: boolean) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          wake = undefined;
          resolve(value);
        };
        const onAbort = () => finish(false);
        const timer = setTimeout(() => finish(false), timeoutMs);
        signal.addEventListener('abort', onAbort, { once: true });
        wake = () => finish(true);
      });
    },
    close() {
      unfollow();
      for (const subscription of subscriptions) subscription.unsubscribe();
      notify();
    },
  };
}

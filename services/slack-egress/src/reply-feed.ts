/**
 * What one reply says while it is being answered, from core NATS: the conversation's live
 * `reply.delta`s (kept in index order, duplicates ignored; only the unbroken run from index 0
 * is text, since a delta missed before subscribing cannot be recovered — the completion's full
 * text makes up for it) and its `reply.completed` / `reply.failed` (JetStream-stored messages
 * reach plain subscribers too). Events of other replies in the conversation are ignored. The
 * deltas heard before the feed opened (delta-buffer.ts) seed it, so a reply streams from its
 * first word even when its first deltas went out before this handler subscribed.
 */
import {
  type EventOf,
  eventRegistry,
  parseEventAt,
  ReplyCompleted,
  ReplyDelta,
  ReplyFailed,
  type Subjects,
} from '@konstruct/schemas';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { BufferedDelta } from './delta-buffer.ts';

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
  heardBefore: () => readonly BufferedDelta[] = () => [],
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
    if (event.type === 'reply.delta') {
      if (event.data.replyId !== ref.replyId) return;
      acceptDelta(event.data.index, event.data.text);
    } else if (event.type === 'reply.completed' || event.type === 'reply.failed') {
      if (event.data.replyId !== ref.replyId || end !== undefined) return;
      end = event;
    } else return;
    notify();
  };
  const base = { tenantId: ref.tenantId, data: { conversationId: ref.conversationId } };
  const subscriptions: Subscription[] = [
    nc.subscribe(subjects.of(ReplyDelta, { type: ReplyDelta.type, ...base }), {
      callback: onMessage,
    }),
    nc.subscribe(subjects.of(ReplyCompleted, { type: ReplyCompleted.type, ...base }), {
      callback: onMessage,
    }),
    nc.subscribe(subjects.of(ReplyFailed, { type: ReplyFailed.type, ...base }), {
      callback: onMessage,
    }),
  ];
  // subscribed first, then the deltas heard before: none falls between the two
  for (const delta of heardBefore()) acceptDelta(delta.index, delta.text);
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
      for (const subscription of subscriptions) subscription.unsubscribe();
      notify();
    },
  };
}

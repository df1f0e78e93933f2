/**
 * Every reply end (`reply.completed`, `reply.failed`) this instance hears, kept briefly per
 * reply: one subscription for all replies (JetStream-stored messages reach plain subscribers too),
 * opened when the service starts, instead of two subscriptions opened and closed per reply — each
 * of which changes nats-server's subscription table and empties its match cache.
 *
 * It also says when the stream need not be asked: an end is stored after its `reply.started`,
 * so once the subscription has been in place, without a break, since before that start was
 * stored, the reply's end reaches this buffer (or is on its way). "In place since" is a stream
 * sequence read after the subscription is confirmed by the server and `settleMs` later (a publish
 * routed just before the subscription but stored just after is stored by then); a disconnect
 * withdraws it until the same has been done again after the reconnect. Were an end missed all
 * the same, the reply's quiet check reads the stream (`handle-reply-started.ts`): it would be
 * late by seconds, never lost.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type EventOf,
  eventRegistry,
  parseEventAt,
  type ReplyCompleted,
  type ReplyFailed,
  type Subjects,
} from '@konstruct/schemas';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { createKeyedListeners } from './keyed-listeners.ts';

/** How a reply ended: its completion or its failure. */
export type ReplyEnd = EventOf<typeof ReplyCompleted> | EventOf<typeof ReplyFailed>;

export type EndListener = (end: ReplyEnd) => void;

export interface EndBuffer {
  /** Calls `listener` with the reply's end, at once if it was heard, else when it is. */
  follow(tenantId: string, replyId: string, listener: EndListener): () => void;
  /** Whether every end stored after stream sequence `sequence` reaches this buffer. */
  hearsAllAfter(sequence: number): boolean;
  close(): void;
}

export interface EndBufferOptions {
  readonly keepMs: number;
  readonly maxReplies: number;
  /** The events stream's last sequence now. */
  readonly lastSequence: () => Promise<number>;
  readonly settleMs?: number;
  readonly now?: () => number;
}

export function openEndBuffer(
  nc: NatsConnection,
  subjects: Subjects,
  options: EndBufferOptions,
): EndBuffer {
  const now = options.now ?? Date.now;
  const heard = new Map<string, { readonly end: ReplyEnd; readonly at: number }>();
  const listeners = createKeyedListeners<ReplyEnd>();
  const keyOf = (tenantId: string, replyId: string) => `${tenantId}/${replyId}`;
  const onMessage = (error: Error | null, msg: { string(): string; subject: string }) => {
    if (error !== null) return;
    const parsed = parseEventAt(eventRegistry, subjects, msg.string(), msg.subject);
    if (!parsed.ok) return;
    const end = parsed.event;
    if (end.type !== 'reply.completed' && end.type !== 'reply.failed') return;
    const key = keyOf(end.tenantId, end.data.replyId);
    if (heard.has(key)) return;
    heard.set(key, { end, at: now() });
    const oldest = now() - options.keepMs;
    for (const [k, entry] of heard) {
      if (heard.size <= options.maxReplies && entry.at >= oldest) break;
      heard.delete(k);
    }
    listeners.emit(key, end);
  };
  const subscriptions: Subscription[] = ['reply.completed', 'reply.failed'].map((type) =>
    nc.subscribe(subjects.eventsOfType(type), { callback: onMessage }),
  );

  let listeningFrom: number | undefined;
  let attempt = 0;
  let closed = false;
  const establish = async () => {
    const mine = ++attempt;
    listeningFrom = undefined;
    try {
      await nc.flush();
      await sleep(options.settleMs ?? 1_000);
      const last = await options.lastSequence();
      if (mine === attempt && !closed) listeningFrom = last;
    } catch {
      // not established: the stream is asked for every reply until the next reconnect
    }
  };
  void establish();
  const status = nc.status();
  const withdraw = () => {
    attempt++;
    listeningFrom = undefined;
  };
  (async () => {
    for await (const change of status) {
      if (closed) break;
      if (change.type === 'disconnect') withdraw();
      else if (change.type === 'reconnect') void establish();
    }
  })().catch(withdraw); // without the status, nothing is vouched for: the stream is asked

  return {
    follow(tenantId, replyId, listener) {
      const key = keyOf(tenantId, replyId);
      const known = heard.get(key);
      if (known !== undefined) listener(known.end);
      return listeners.add(key, listener);
    },
    hearsAllAfter(sequence) {
      return listeningFrom !== undefined && sequence > listeningFrom;
    },
    close() {
      closed = true;
      withdraw();
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}

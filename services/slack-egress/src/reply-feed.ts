/**
 * What one reply says while it is being answered: its `reply.delta`s, followed through the
 * instance's delta buffer (delta-buffer.ts: those heard before the feed opened, then the new
 * ones; kept in index order, duplicates ignored; only the unbroken run from index 0 is text —
 * the completion's full text makes up for anything missed) and its `reply.completed` /
 * `reply.failed` through the instance's end buffer (end-buffer.ts). Events of other replies in
 * the conversation are ignored.
 */
import type { DeltaBuffer } from './delta-buffer.ts';
import type { EndBuffer, ReplyEnd } from './end-buffer.ts';

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

export function openReplyFeed(ref: ReplyRef, deltas: DeltaBuffer, ends: EndBuffer): ReplyFeed {
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
  const unfollowEnd = ends.follow(ref.tenantId, ref.replyId, (heard) => {
    if (end !== undefined) return;
    end = heard;
    notify();
  });
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
      unfollowEnd();
      notify();
    },
  };
}

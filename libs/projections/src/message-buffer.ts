/**
 * The projector's inbox: messages the pull consumer delivers (through nats.js's `consume`
 * callback) wait here until the loop takes the next batch, so a batch is "whatever has arrived,
 * up to the batch size", gathered for at most the linger time after the first one arrives (so a
 * busy stream is applied in fewer, larger transactions; see `projector.ts`). Bounded by the
 * consumer's `max_ack_pending`: the server delivers no more while that many are unacknowledged.
 * Every held message (waiting or in the batch being applied) is kept alive with `working()`, so a
 * slow batch is not redelivered behind the projector's back.
 */
import type { JsMsg } from '@nats-io/jetstream';

export interface MessageBuffer {
  push(msg: JsMsg): void;
  /** Up to `max` messages, oldest first; they stay kept alive until `release`d. */
  take(max: number): JsMsg[];
  /** Stops keeping the batch alive (after it was acked, termed or nak'd). */
  release(batch: readonly JsMsg[]): void;
  /** Resolves when `atLeast` messages (default 1) are waiting or `signal` aborts. */
  waitForMessages(signal: AbortSignal, atLeast?: number): Promise<void>;
  /** Removes and returns everything still waiting (at stop, to nak it). */
  drain(): JsMsg[];
  readonly size: number;
  /** Starts calling `working()` on held messages every `everyMs`; returns the stopper. */
  keepAlive(everyMs: number): () => void;
}

export function createMessageBuffer(): MessageBuffer {
  const waiting: JsMsg[] = [];
  const inBatch = new Set<JsMsg>();
  let wake: (() => void) | undefined;
  let wakeAt = 1;
  return {
    push(msg) {
      waiting.push(msg);
      if (waiting.length >= wakeAt) wake?.();
    },
    take(max) {
      const batch = waiting.splice(0, max);
      for (const msg of batch) inBatch.add(msg);
      return batch;
    },
    release(batch) {
      for (const msg of batch) inBatch.delete(msg);
    },
    waitForMessages(signal, atLeast = 1) {
      if (waiting.length >= atLeast || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        wakeAt = atLeast;
        const done = () => {
          wake = undefined;
          wakeAt = 1;
          signal.removeEventListener('abort', done);
          resolve();
        };
        wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    },
    drain() {
      return waiting.splice(0, waiting.length);
    },
    get size() {
      return waiting.length;
    },
    keepAlive(everyMs) {
      const timer = setInterval(() => {
        for (const msg of waiting) msg.working();
        for (const msg of inBatch) msg.working();
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

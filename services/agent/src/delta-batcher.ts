/**
 * Coalesces a reply's streamed text into `reply.delta` publishes: a piece goes out at the end of
 * the event-loop turn it arrived in (time to first token is what a person notices), later pieces
 * are gathered for up to `intervalMs` after the previous publish and go out together. A model
 * streams a token every few milliseconds to tens of milliseconds; a delta per token costs every
 * listener a message (and slack-egress appends to Slack only every ~250 ms anyway), while 50 ms
 * stays smooth in a web chat. Indexes stay 0, 1, 2, … with no gaps. Text still pending when the
 * stream ends is not published as a delta: `reply.completed`, stored right after, carries the
 * whole text, and listeners finish from it (deltas are ephemeral; one may be missed anyway). So
 * a reply that arrives whole within one turn costs no delta at all. A publish that fails is
 * reported by the next `add` or by `finish`, so the caller's handler fails and the message is
 * retried.
 */

export interface DeltaBatcherOptions {
  /** Longest a piece waits after the previous publish (0: every turn's pieces at once). */
  readonly intervalMs: number;
  readonly publish: (text: string, index: number) => Promise<unknown>;
  readonly now?: () => number;
}

export interface DeltaBatcher {
  add(text: string): void;
  /**
   * Ends the deltas (what is pending stays unpublished: the completed reply carries it) and
   * waits for every publish; throws the first failure.
   */
  finish(): Promise<void>;
  /** Drops what is pending (the reply was cancelled or failed). */
  discard(): void;
}

export function createDeltaBatcher(options: DeltaBatcherOptions): DeltaBatcher {
  const now = options.now ?? (() => performance.now());
  let pending = '';
  let index = 0;
  let lastPublishAt = Number.NEGATIVE_INFINITY;
  /** The publish of what is pending, when one is scheduled (a timer or the turn's end). */
  let scheduled: { cancel(): void } | undefined;
  let failure: { error: unknown } | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const cancelScheduled = () => {
    scheduled?.cancel();
    scheduled = undefined;
  };

  const publishPending = () => {
    scheduled = undefined;
    if (pending === '') return;
    const text = pending;
    pending = '';
    lastPublishAt = now();
    const sent = options.publish(text, index++).then(
      () => undefined,
      (error: unknown) => {
        failure ??= { error };
      },
    );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
  };

  const throwIfFailed = () => {
    if (failure !== undefined) throw failure.error;
  };

  return {
    add(text) {
      throwIfFailed();
      pending += text;
      if (pending === '' || scheduled !== undefined) return;
      const waitMs = lastPublishAt + options.intervalMs - now();
      if (waitMs <= 0) {
        const immediate = setImmediate(publishPending);
        scheduled = { cancel: () => clearImmediate(immediate) };
      } else {
        const timer = setTimeout(publishPending, waitMs);
        scheduled = { cancel: () => clearTimeout(timer) };
      }
    },
    async finish() {
      cancelScheduled();
      pending = '';
      await Promise.all(inFlight);
      throwIfFailed();
    },
    discard() {
      cancelScheduled();
      pending = '';
    },
  };
}

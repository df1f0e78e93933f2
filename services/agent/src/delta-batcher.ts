/**
 * Coalesces a reply's streamed text into `reply.delta` publishes: the first piece goes out at
 * once (time to first token is what a person notices), later pieces are gathered for up to
 * `intervalMs` after the previous publish and go out together. A model streams a token every
 * few milliseconds to tens of milliseconds; a delta per token costs every listener a message
 * (and slack-egress appends to Slack only every ~250 ms anyway), while 50 ms stays smooth in a
 * web chat. Indexes stay 0, 1, 2, … with no gaps, and `finish` publishes whatever is pending
 * before the caller stores the completed reply. A publish that fails is reported by the next
 * `add` or by `finish`, so the caller's handler fails and the message is retried.
 */

export interface DeltaBatcherOptions {
  /** Longest a piece waits after the previous publish (0: every piece at once). */
  readonly intervalMs: number;
  readonly publish: (text: string, index: number) => Promise<unknown>;
  readonly now?: () => number;
}

export interface DeltaBatcher {
  add(text: string): void;
  /** Publishes what is pending and waits for every publish; throws the first failure. */
  finish(): Promise<void>;
  /** Drops what is pending (the reply was cancelled or failed). */
  discard(): void;
}

export function createDeltaBatcher(options: DeltaBatcherOptions): DeltaBatcher {
  const now = options.now ?? (() => performance.now());
  let pending = '';
  let index = 0;
  let lastPublishAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let failure: { error: unknown } | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const publishPending = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
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
      if (text === '') return;
      pending += text;
      const waitMs = lastPublishAt + options.intervalMs - now();
      if (waitMs <= 0) publishPending();
      else timer ??= setTimeout(publishPending, waitMs);
    },
    async finish() {
      publishPending();
      await Promise.all(inFlight);
      throwIfFailed();
    },
    discard() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = '';
    },
  };
}

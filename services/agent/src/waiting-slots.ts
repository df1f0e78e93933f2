/**
 * How many handlers of one agent instance may wait for an earlier message of their conversation
 * at once. Waiting inside the handler wakes a follow-up the moment its predecessor is answered,
 * but every waiter holds a slot of the consumer all tenants share; without a cap, one busy thread
 * (up to its channel's rate limit of queued messages) could hold nearly every slot while its
 * first reply streams, and every other tenant would wait. Past the cap a message is handed back
 * to JetStream with a delay instead, and its slot serves someone else.
 */
export interface WaitingSlots {
  /** Takes a waiting slot; false when the cap is reached. */
  tryEnter(): boolean;
  leave(): void;
  readonly waiting: number;
}

export function createWaitingSlots(limit: number): WaitingSlots {
  let waiting = 0;
  return {
    tryEnter() {
      if (waiting >= limit) return false;
      waiting += 1;
      return true;
    },
    leave() {
      waiting = Math.max(0, waiting - 1);
    },
    get waiting() {
      return waiting;
    },
  };
}

/** A quarter of the handler slots, at least one. */
export const waitingLimitFor = (concurrency: number): number =>
  Math.max(1, Math.floor(concurrency / 4));

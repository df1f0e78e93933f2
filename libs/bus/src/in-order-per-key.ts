/**
 * A handler whose events with the same key are handled one after another, in the order they were
 * handed over (a consumer's delivery order), while events with different keys still run at once.
 * The router keys by conversation: two messages of one thread in flight together are decided in
 * stream order, so their `message.routed` events (which the agent answers in order) keep the
 * order people wrote them in. A waiting event holds its concurrency slot and is kept alive like
 * any long handler. Order across retries is not kept: a message the handler retries comes back
 * after its delay, behind what arrived meanwhile.
 */
import type { HandlerContext } from './handler-context.ts';
import type { HandlerOutcome } from './handler-outcome.ts';
import type { Handler } from './message-processor.ts';

const settledAnyway = (): void => {};

export function inOrderPerKey<E>(
  keyOf: (event: E) => string | undefined,
  handle: Handler<E>,
): Handler<E> {
  /** The last handling queued for each key with one still running or waiting. */
  const tails = new Map<string, Promise<void>>();
  const start = (event: E, ctx: HandlerContext): Promise<HandlerOutcome> => {
    try {
      return Promise.resolve(handle(event, ctx));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return (event, ctx) => {
    const key = keyOf(event);
    if (key === undefined) return handle(event, ctx);
    const before = tails.get(key);
    const handling =
      before === undefined ? start(event, ctx) : before.then(() => start(event, ctx));
    const tail = handling.then(settledAnyway, settledAnyway);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return handling;
  };
}

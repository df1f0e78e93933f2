/**
 * The trace a handler works in, carried through its awaits (AsyncLocalStorage), so every event a
 * handler publishes continues the trace of the event it handles without each service threading a
 * header through its code: the consumer runner opens the scope with the handler's span, the
 * publisher reads it when the caller names no traceparent. Outside a handler there is no scope and
 * a publish starts a new trace.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

/** Runs `work` with `traceparent` as the trace of everything it publishes. */
export function runInTrace<T>(traceparent: string, work: () => T): T {
  return scope.run(traceparent, work);
}

/** The traceparent of the handler this code runs in, if any. */
export function currentTraceparent(): string | undefined {
  return scope.getStore();
}

/**
 * The HTTP stack under every SDK client: undici's own `fetch` with an `Agent` whose connect
 * timeout is the deployment's `timeouts.connectMs`, so that timeout bounds exactly the TCP
 * connect and TLS handshake (undici clears it on `connect`, or `secureConnect` for https) and
 * never the wait for a slow first token; the total timeout lives in the attempt scope. One
 * agent (and its keep-alive connections) per distinct connect timeout, shared by every pool.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from './provider-adapter.ts';

const fetches = new Map<number, FetchLike>();

/** The dispatcher-bound fetch for `connectMs`, built once per distinct value. */
export function fetchWithConnectTimeout(connectMs: number): FetchLike {
  let bound = fetches.get(connectMs);
  if (bound === undefined) {
    const dispatcher = new Agent({ connect: { timeout: connectMs } });
    // undici's fetch takes the same arguments and gives the same Response as the global one;
    // only its type declarations are its own copies of the WHATWG types
    const fetchVia = undiciFetch as unknown as (
      input: string | URL | Request,
      init: Omit<RequestInit, 'dispatcher'> & { dispatcher: Agent },
    ) => Promise<Response>;
    bound = (input, init) => fetchVia(input, { ...init, dispatcher });
    fetches.set(connectMs, bound);
  }
  return bound;
}

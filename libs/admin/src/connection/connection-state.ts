/**
 * A channel connection (a Slack workspace bound to the tenant, and optionally to one agent) as its
 * events describe it. `version` counts the events applied, for optimistic concurrency.
 */
import type { ConnectionAdded, ConnectionRemoved } from '@konstruct/schemas';
import { assertNever } from '../decision.ts';
import type { FactOf } from '../fact.ts';

export type ConnectionEvent = FactOf<typeof ConnectionAdded | typeof ConnectionRemoved>;
/** What `connection.added` recorded: connection id, bound agent (or null) and the channel. */
export type ConnectionDetails = FactOf<typeof ConnectionAdded>['data'];

export interface AbsentConnection {
  readonly status: 'absent';
  readonly version: number;
}
export interface ConnectedConnection {
  readonly status: 'connected';
  readonly version: number;
  readonly details: ConnectionDetails;
}
export interface RemovedConnection {
  readonly status: 'removed';
  readonly version: number;
  readonly details: ConnectionDetails;
}
export type ConnectionState = AbsentConnection | ConnectedConnection | RemovedConnection;

export function initialConnectionState(): ConnectionState {
  return { status: 'absent', version: 0 };
}

export function evolveConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  const version = state.version + 1;
  switch (event.type) {
    case 'connection.added':
      return { status: 'connected', version, details: event.data };
    case 'connection.removed':
      if (state.status === 'absent') return { ...state, version };
      return { status: 'removed', version, details: state.details };
    default:
      return assertNever(event);
  }
}

/** True when the connection exists and is not removed: its messages are answered. */
export function connectionIsActive(state: ConnectionState): state is ConnectedConnection {
  return state.status === 'connected';
}

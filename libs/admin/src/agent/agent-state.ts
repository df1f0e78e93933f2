/**
 * An agent (AI employee) as its events describe it. `agent.configured` carries the whole
 * definition, so the state is simply the latest configuration; `agent.deactivated` clears its
 * active flag. `version` counts the events applied, for optimistic concurrency.
 */
import type { AgentConfiguration, AgentConfigured, AgentDeactivated } from '@konstruct/schemas';
import { assertNever } from '../decision.ts';
import type { FactOf } from '../fact.ts';

export interface AbsentAgent {
  readonly status: 'absent';
  readonly version: number;
}
export interface ConfiguredAgent {
  readonly status: 'configured';
  readonly version: number;
  readonly config: AgentConfiguration;
}
export type AgentState = AbsentAgent | ConfiguredAgent;

export type AgentEvent = FactOf<typeof AgentConfigured | typeof AgentDeactivated>;

export function initialAgentState(): AgentState {
  return { status: 'absent', version: 0 };
}

export function evolveAgent(state: AgentState, event: AgentEvent): AgentState {
  const version = state.version + 1;
  switch (event.type) {
    case 'agent.configured':
      return { status: 'configured', version, config: event.data };
    case 'agent.deactivated':
      if (state.status === 'absent') return { ...state, version };
      return { ...state, version, config: { ...state.config, active: false } };
    default:
      return assertNever(event);
  }
}

export function agentExists(state: AgentState): state is ConfiguredAgent {
  return state.status === 'configured';
}

/** True when the agent exists and answers messages. */
export function agentIsActive(state: AgentState): state is ConfiguredAgent {
  return state.status === 'configured' && state.config.active;
}

/** Two agent names are the same name when they differ only in case or surrounding spaces. */
export function sameAgentName(a: string, b: string): boolean {
  const key = (name: string) => name.normalize('NFC').trim().toLocaleLowerCase('en');
  return key(a) === key(b);
}

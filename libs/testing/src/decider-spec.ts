/**
 * Given/when/then for the pure core (STYLE.md "Tests"): given these past events, when this
 * command is decided, then these events are planned, or the decision fails with this code.
 * Generic over the decider: it knows only `evolve`, `initialState` and the result's shape, so it
 * serves every aggregate without importing any of them.
 */
import { assert, expect } from 'vitest';

/** What a decision returns: planned events, or an expected failure with a stable code. */
export type DecisionLike<Planned> =
  | { readonly ok: true; readonly events: readonly Planned[] }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

export interface DeciderSpecOptions<State, Event, Planned> {
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
  /**
   * Maps a planned event to what is compared and shown in a failed expectation, e.g. its type and
   * data without the schema it carries. Applied to both sides; identity by default.
   */
  readonly normalize?: (event: Planned) => unknown;
}

export interface DeciderWhen<Planned> {
  /** Asserts the decision succeeded with exactly these events, in order; returns them. */
  then(expected: readonly Planned[]): readonly Planned[];
  /** Asserts the decision failed with `code` (and a message matching `message`); returns the error. */
  thenFails(
    code: string,
    message?: string | RegExp,
  ): { readonly code: string; readonly message: string };
}

export interface DeciderGiven<State, Planned> {
  /** The state the given events fold into, for assertions on evolve itself. */
  readonly state: State;
  when(decide: (state: State) => DecisionLike<Planned>): DeciderWhen<Planned>;
}

export interface DeciderSpec<State, Event, Planned> {
  given(events: readonly Event[]): DeciderGiven<State, Planned>;
}

function describeResult<Planned>(result: DecisionLike<Planned>): string {
  return result.ok
    ? `the decision planned ${result.events.length} event(s)`
    : `the decision failed with ${result.error.code}: ${result.error.message}`;
}

function whenOf<Planned>(
  result: DecisionLike<Planned>,
  normalize: (event: Planned) => unknown,
): DeciderWhen<Planned> {
  return {
    // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the specification; a spec is never awaited (guarded below).
    then(expected) {
      if (!Array.isArray(expected)) {
        throw new TypeError('a decider spec is not a promise; do not await it');
      }
      if (!result.ok) assert.fail(`expected events, but ${describeResult(result)}`);
      expect(result.events.map(normalize)).toEqual(expected.map(normalize));
      return result.events;
    },
    thenFails(code, message) {
      if (result.ok) {
        assert.fail(`expected a ${code} failure, but ${describeResult(result)}`);
      }
      expect(result.error.code, describeResult(result)).toBe(code);
      if (message !== undefined) expect(result.error.message).toMatch(message);
      return result.error;
    },
  };
}

/**
 * `deciderSpec({ evolve, initialState }).given([...events]).when((s) => decideX(s, cmd)).then([...])`
 * or `.thenFails('Code')`.
 */
export function deciderSpec<State, Event, Planned = unknown>(
  options: DeciderSpecOptions<State, Event, Planned>,
): DeciderSpec<State, Event, Planned> {
  const normalize = options.normalize ?? ((event: Planned) => event);
  return {
    given(events) {
      const state = events.reduce(options.evolve, options.initialState());
      return {
        state,
        when: (decide) => whenOf(decide(state), normalize),
      };
    },
  };
}

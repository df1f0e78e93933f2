/**
 * A per-message child logger that is built only when something is actually written. Building a
 * pino child serialises and redacts its bindings (a few percent of a busy service's CPU when done
 * for every message), yet most messages log nothing: the handler takes the logger "in case".
 * Calls at a level the parent does not write are answered with a no-op without building it.
 */
import type { Logger } from 'pino';

const LEVEL_METHODS = new Set<PropertyKey>(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

function noop(): void {}

export function deferredLogger(parent: Logger, build: () => Logger): Logger {
  let built: Logger | undefined;
  const logger = (): Logger => {
    built ??= build();
    return built;
  };
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (
        built === undefined &&
        LEVEL_METHODS.has(property) &&
        !parent.isLevelEnabled(String(property))
      ) {
        return noop;
      }
      const target = logger();
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set(_target, property, value) {
      return Reflect.set(logger(), property, value);
    },
    has(_target, property) {
      return Reflect.has(logger(), property);
    },
  });
}

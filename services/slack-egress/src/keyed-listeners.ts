/** Listeners registered per key (a tenant's reply), each removable on its own. */
export interface KeyedListeners<T> {
  add(key: string, listener: (value: T) => void): () => void;
  emit(key: string, value: T): void;
}

export function createKeyedListeners<T>(): KeyedListeners<T> {
  const byKey = new Map<string, Set<(value: T) => void>>();
  return {
    add(key, listener) {
      const listeners = byKey.get(key) ?? new Set<(value: T) => void>();
      listeners.add(listener);
      byKey.set(key, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) byKey.delete(key);
      };
    },
    emit(key, value) {
      for (const listener of byKey.get(key) ?? []) listener(value);
    },
  };
}

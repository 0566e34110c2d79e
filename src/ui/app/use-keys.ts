import { useInput, type Key } from 'ink';
import { useRef } from 'react';

/**
 * useInput with a handler that always sees the latest render. Ink registers a
 * changed handler in an effect, after the frame is drawn: a key that arrives in
 * between would reach the previous render's handler, with stale state.
 */
export function useKeys(handler: (input: string, key: Key) => void, isActive = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput((input, key) => latest.current(input, key), { isActive });
}

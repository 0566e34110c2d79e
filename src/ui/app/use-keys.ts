import { useInput, type Key } from 'ink';
import { useRef } from 'react';
import { splitKeys } from './key-chunks.js';

/**
 * useInput with a handler that always sees the latest render. Ink registers a
 * changed handler in an effect, after the frame is drawn: a key that arrives in
 * between would reach the previous render's handler, with stale state.
 * Keys that arrive together in one chunk each reach the handler (key-chunks.ts).
 */
export function useKeys(handler: (input: string, key: Key) => void, isActive = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput((input, key) => splitKeys(input, key).forEach(([one, oneKey]) => latest.current(one, oneKey)), { isActive });
}

import { useInput, type Key } from 'ink';
import { useRef } from 'react';
import { keyReader } from './key-chunks.js';

/**
 * useInput with a handler that always sees the latest render. Ink registers a
 * changed handler in an effect, after the frame is drawn: a key that arrives in
 * between would reach the previous render's handler, with stale state.
 * Keys that arrive together in one chunk each reach the handler (key-chunks.ts);
 * mouse wheel turns reach onWheel (-1 up, 1 down), other mouse reports nobody.
 */
export function useKeys(handler: (input: string, key: Key) => void, isActive = true, onWheel?: (direction: -1 | 1) => void): void {
  const latest = useRef({ handler, onWheel });
  latest.current = { handler, onWheel };
  const read = useRef(keyReader());
  useInput(
    (input, key) =>
      read.current(input, key).forEach((press) => ('wheel' in press ? latest.current.onWheel?.(press.wheel) : latest.current.handler(press.input, press.key))),
    { isActive },
  );
}

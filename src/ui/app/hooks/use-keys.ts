import { useInput, type Key } from 'ink';
import { useEffect, useEffectEvent, useRef } from 'react';
import { keyReader, type Press } from '../keys/key-chunks.js';

/** What a key handler may say of a press: it moved to another screen, which takes the keys after it. */
export type KeyOutcome = 'next-screen' | void;

/**
 * Keys typed after one that moved to another screen, in the same chunk ("2q":
 * open lab 2, then back): the screen that mounts next takes them once it
 * listens. A chunk's leftovers older than this are nobody's.
 */
const HANDOVER_MS = 1000;
let handedOver: { presses: Press[]; at: number } | undefined;

/**
 * useInput with a handler that always sees the latest render. Ink registers a
 * changed handler in an effect, after the frame is drawn: a key that arrives in
 * between would reach the previous render's handler, with stale state.
 * Keys that arrive together in one chunk each reach the handler (key-chunks.ts);
 * mouse wheel turns reach onWheel (-1 up, 1 down), other mouse reports nobody.
 * A handler that returns 'next-screen' hands the chunk's later keys to the next screen.
 */
export function useKeys(handler: (input: string, key: Key) => KeyOutcome, isActive = true, onWheel?: (direction: -1 | 1) => void): void {
  const latest = useRef({ handler, onWheel, isActive });
  latest.current = { handler, onWheel, isActive };
  // A lone Escape comes late (key-chunks.ts: it waits for an arrow key split from it), if the screen still listens.
  const read = useRef(keyReader((presses) => latest.current.isActive && deliver(presses)));
  const deliver = (presses: Press[]) => {
    for (let i = 0; i < presses.length; i++) {
      const press = presses[i];
      if ('wheel' in press) latest.current.onWheel?.(press.wheel);
      else if (latest.current.handler(press.input, press.key) === 'next-screen') {
        const rest = presses.slice(i + 1).filter((p) => !('wheel' in p));
        handedOver = rest.length > 0 ? { presses: rest, at: Date.now() } : undefined;
        return;
      }
    }
  };
  const takeHandedOver = useEffectEvent(() => {
    if (!isActive || !handedOver) return;
    const { presses, at } = handedOver;
    handedOver = undefined;
    if (Date.now() - at <= HANDOVER_MS) deliver(presses);
  });
  // Once, when the screen starts listening.
  useEffect(() => takeHandedOver(), []);
  useInput((input, key) => deliver(read.current(input, key)), { isActive });
}

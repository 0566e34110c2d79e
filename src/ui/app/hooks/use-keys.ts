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
  // Set once a press moved to another screen: React draws that screen and lets it listen (Ink's useInput
  // effect) one or two turns of the event loop later, with the running lab's steps in between. Until then
  // this screen's listener is still attached, and keys reaching it are the next screen's, not this one's.
  const renders = useRef(0);
  const render = ++renders.current;
  /** The render that was on screen when a press left it; undefined while this screen has the keys. */
  const leftAt = useRef<number | undefined>(undefined);
  const handOver = (presses: Press[]) => {
    const keys = presses.filter((p) => !('wheel' in p));
    if (keys.length === 0) return;
    handedOver = { presses: [...(handedOver?.presses ?? []), ...keys], at: Date.now() };
  };
  const deliver = (presses: Press[]) => {
    if (leftAt.current !== undefined) return handOver(presses);
    for (let i = 0; i < presses.length; i++) {
      const press = presses[i];
      if ('wheel' in press) latest.current.onWheel?.(press.wheel);
      else if (latest.current.handler(press.input, press.key) === 'next-screen') {
        leftAt.current = renders.current;
        handedOver = undefined;
        handOver(presses.slice(i + 1));
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
  // Drawn again after it was left, and still here (a lecture's Enter on its own step): it is the next screen itself.
  useEffect(() => {
    if (leftAt.current === undefined || render <= leftAt.current) return;
    leftAt.current = undefined;
    takeHandedOver();
  });
  useInput((input, key) => deliver(read.current(input, key)), { isActive });
}

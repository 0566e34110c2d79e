// Dawn's Node addon waits for the GPU (a buffer mapped for reading, a pipeline
// compiled asynchronously) by polling: while anything is pending it hands
// setImmediate a native tick that polls Dawn and queues itself again
// (crbug.com/dawn/1127, "we probably want to reduce the frequency"). A process
// waiting on its GPU so keeps one core at 100 %, and while nnlab trains some read
// is nearly always pending: on a server a class shares, a core per student; on a
// software GPU, a core taken from the GPU itself. nnlab lets such a chain of ticks
// spin for its first millisecond (a quick read stays quick) and then polls once a
// millisecond.

import { setImmediate as nodeSetImmediate } from 'node:timers';

/** How long a wait polls back to back before it polls once a millisecond. */
export const SPIN_MS = 1;
/** The polling period after that (Node's shortest timer). */
export const POLL_MS = 1;

type Callback = (...args: unknown[]) => void;
type Schedule = (callback: Callback, ...args: unknown[]) => unknown;

/**
 * Whether a call to setImmediate may be Dawn's: a nameless native function (Dawn's
 * tick, made with Napi::Function::New) handed over alone. A Promise's resolve
 * function passed by a script looks the same.
 */
export function isNamelessNative(callback: unknown, args: readonly unknown[]): boolean {
  return typeof callback === 'function' && args.length === 0 && callback.name === '' && Function.prototype.toString.call(callback).includes('[native code]');
}

/**
 * Whether the caller is Node's event loop itself, its immediate queue or its timers
 * (no JavaScript frame between): a tick queueing the next.
 */
export function fromEventLoop(callerFrame: string): boolean {
  return /\b(processImmediate|listOnTimeout)\b/.test(callerFrame);
}

/** The first frame of whoever called `fn` ('' where none shows). */
function callerFrameOf(fn: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, fn);
  Error.stackTraceLimit = limit;
  return holder.stack?.split('\n')[1] ?? '';
}

/**
 * A setImmediate that passes every call to `immediate`, except Dawn's ticks once their
 * wait has spun for SPIN_MS: those go to `timeout` with POLL_MS. Dawn queues a wait's
 * first tick from the call that starts it (a map, a compile: a script's frame shows),
 * each later one from the tick before (straight from the event loop). A script's
 * resolve function handed over alone starts a "wait" too: at most a millisecond more
 * of spinning.
 */
export function gentleSetImmediate(
  immediate: Schedule,
  timeout: (callback: Callback, ms: number) => unknown,
  now: () => number = () => performance.now(),
): Schedule {
  let waitStarted = 0;
  const schedule = function setImmediate(callback: Callback, ...args: unknown[]): unknown {
    if (isNamelessNative(callback, args)) {
      const at = now();
      if (!fromEventLoop(callerFrameOf(schedule))) waitStarted = at;
      else if (at - waitStarted >= SPIN_MS) return timeout(callback, POLL_MS);
    }
    return immediate(callback, ...args);
  };
  return schedule;
}

let installed = false;

/** Puts the gentle setImmediate in place of Node's, once, before Dawn is loaded (Dawn looks it up on every tick). */
export function installGentleDawnPolling(): void {
  if (installed) return;
  installed = true;
  // Node's own, whatever stands in globalThis now (a test's fake timers, say).
  const original = nodeSetImmediate;
  const gentle = gentleSetImmediate(
    (callback, ...args) => original(callback, ...args),
    (callback, ms) => setTimeout(callback, ms),
  );
  // util.promisify(setImmediate) and the like keep working: the original's own properties come along.
  Object.defineProperties(gentle, Object.getOwnPropertyDescriptors(original));
  globalThis.setImmediate = gentle as typeof setImmediate;
}

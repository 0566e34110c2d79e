// Dawn's Node addon waits for the GPU (a buffer mapped for reading, a pipeline
// compiled asynchronously) by polling: while anything is pending it hands
// setImmediate a native tick that polls Dawn and queues itself again
// (crbug.com/dawn/1127, "we probably want to reduce the frequency"). A process
// waiting on its GPU so keeps one core at 100 %, and while nnlab trains some read
// is nearly always pending: on a server a class shares, a core per student; on a
// software GPU, a core taken from the GPU itself. nnlab lets such a chain of ticks
// spin for its first millisecond (a quick read stays quick) and then polls once a
// millisecond.

/** How long a wait polls back to back before it polls once a millisecond. */
export const SPIN_MS = 1;
/** The polling period after that (Node's shortest timer). */
export const POLL_MS = 1;
/** A tick later than this after the previous one starts a new wait (its first millisecond spins again). */
const NEW_WAIT_MS = 4 * POLL_MS;

type Callback = (...args: unknown[]) => void;
type Schedule = (callback: Callback, ...args: unknown[]) => unknown;

/**
 * Whether this call to setImmediate is Dawn queueing its next tick: a nameless native
 * function (Dawn's tick, made with Napi::Function::New) handed over without arguments
 * by code that no JavaScript frame shows, so straight from Node's immediate queue.
 * A Promise's resolve function passed by a script is as nameless and native, but its
 * caller shows.
 */
export function isDawnTick(callback: unknown, args: readonly unknown[], callerFrame: () => string): boolean {
  return (
    typeof callback === 'function' &&
    args.length === 0 &&
    callback.name === '' &&
    Function.prototype.toString.call(callback).includes('[native code]') &&
    /\bprocessImmediate\b/.test(callerFrame()) // last: a stack trace costs microseconds
  );
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
 * wait has spun for SPIN_MS: those go to `timeout` with POLL_MS.
 */
export function gentleSetImmediate(
  immediate: Schedule,
  timeout: (callback: Callback, ms: number) => unknown,
  now: () => number = () => performance.now(),
): Schedule {
  let waitStarted = 0;
  let lastTick = -Infinity;
  const schedule = function setImmediate(callback: Callback, ...args: unknown[]): unknown {
    if (!isDawnTick(callback, args, () => callerFrameOf(schedule))) return immediate(callback, ...args);
    const at = now();
    if (at - lastTick > NEW_WAIT_MS) waitStarted = at;
    lastTick = at;
    return at - waitStarted < SPIN_MS ? immediate(callback) : timeout(callback, POLL_MS);
  };
  return schedule;
}

let installed = false;

/** Puts the gentle setImmediate in place of Node's, once, before Dawn is loaded (Dawn looks it up on every tick). */
export function installGentleDawnPolling(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.setImmediate;
  const gentle = gentleSetImmediate(
    (callback, ...args) => original(callback, ...args),
    (callback, ms) => setTimeout(callback, ms),
  );
  // util.promisify(setImmediate) and the like keep working: the original's own properties come along.
  Object.defineProperties(gentle, Object.getOwnPropertyDescriptors(original));
  globalThis.setImmediate = gentle as typeof setImmediate;
}

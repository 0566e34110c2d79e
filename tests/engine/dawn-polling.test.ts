// Dawn's Node addon polls for the GPU with setImmediate while anything is pending
// (crbug.com/dawn/1127): nnlab's gentle setImmediate lets such a wait spin for its
// first millisecond and then polls once a millisecond. First the rule itself, with a
// Promise's resolve function standing in for Dawn's native tick (as nameless and
// native), then on the software GPU: a long wait no longer keeps a core busy.
import { setImmediate as nodeSetImmediate } from 'node:timers';
import { describe, expect, it } from 'vitest';
import { fromEventLoop, gentleSetImmediate, isNamelessNative, POLL_MS, SPIN_MS } from '../../src/engine/backends/dawn-polling.js';
import { selectBackend } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { threadCpuMs } from '../../src/engine/bench/thread-cpu.js';
import { describeWebgpu } from '../webgpu.js';

/** A nameless native function, like the tick Dawn makes with Napi::Function::New. */
function nativeTick(): () => void {
  let resolve!: () => void;
  void new Promise<void>((r) => (resolve = r));
  return resolve;
}

describe('the gentle setImmediate', () => {
  /** A gentle setImmediate over recording fakes, on a clock the test moves. */
  function harness() {
    const calls: string[] = [];
    let clock = 0;
    const gentle = gentleSetImmediate(
      () => calls.push('immediate'),
      (_callback, ms) => calls.push(`timeout ${ms}`),
      () => clock,
    );
    return { calls, gentle, at: (ms: number) => (clock = ms) };
  }
  /** Calls `gentle(callback)` as Dawn's tick does: straight from Node's immediate queue, no JavaScript frame between. */
  const fromQueue = (gentle: (callback: () => void) => unknown, callback: () => void) =>
    new Promise<void>((done) => {
      setImmediate(gentle as (callback: () => void) => void, callback);
      setImmediate(done);
    });
  /** The same from Node's timers: a tick that was polled once a millisecond queueing the next. */
  const fromTimer = (gentle: (callback: () => void) => unknown, callback: () => void) =>
    new Promise<void>((done) => {
      setTimeout(gentle as (callback: () => void) => void, 0, callback);
      setTimeout(done, 0);
    });

  it("tells a possible Dawn tick (nameless, native, alone) and a tick's caller apart", () => {
    const tick = nativeTick();
    expect(isNamelessNative(tick, [])).toBe(true);
    expect(isNamelessNative(() => {}, [])).toBe(false);
    expect(isNamelessNative(tick, [1])).toBe(false);
    expect(isNamelessNative(function named() {}.bind(null), [])).toBe(false);
    expect(fromEventLoop('    at process.processImmediate (node:internal/timers:483:21)')).toBe(true);
    expect(fromEventLoop('    at listOnTimeout (node:internal/timers:581:17)')).toBe(true); // a tick polled once a millisecond
    expect(fromEventLoop('    at GPUBuffer.mapAsync (file:///lab.js:3:5)')).toBe(false);
  });

  it("spins for a wait's first millisecond, then polls once a millisecond; the next wait spins again", async () => {
    const { calls, gentle, at } = harness();
    const tick = nativeTick();
    at(0);
    gentle(tick); // a read starts a wait: Dawn's first tick, queued from the script's call
    at(SPIN_MS / 2);
    await fromQueue(gentle, tick);
    at(SPIN_MS + 0.1);
    await fromQueue(gentle, tick);
    at(SPIN_MS + 1.2);
    await fromTimer(gentle, tick); // still the same wait
    at(50);
    gentle(tick); // the next read
    at(50 + SPIN_MS / 2);
    await fromQueue(gentle, tick);
    at(50 + SPIN_MS + 0.1);
    await fromQueue(gentle, tick);
    expect(calls).toEqual(['immediate', 'immediate', `timeout ${POLL_MS}`, `timeout ${POLL_MS}`, 'immediate', 'immediate', `timeout ${POLL_MS}`]);
  });

  it('passes every other call on, at any time', async () => {
    const { calls, gentle, at } = harness();
    at(0);
    gentle(nativeTick());
    at(100); // long past the wait's first millisecond
    await fromQueue(gentle, () => {});
    await fromQueue(gentle, function named() {});
    gentle(() => {});
    expect(calls).toEqual(['immediate', 'immediate', 'immediate', 'immediate']);
  });
});

describeWebgpu('waiting on the software GPU', () => {
  /** The JavaScript thread's share of the CPU while it waits for a read after a chain of matrix products (0.2–1 s of lavapipe's work). */
  async function waitShare(): Promise<number> {
    const t = tf();
    const a = t.randomUniform([384, 384], -0.05, 0.05, 'float32', 1);
    let x = a;
    for (let i = 0; i < 40; i++) x = t.matMul(x, a);
    const [wall0, cpu0] = [performance.now(), threadCpuMs()!];
    await x.data();
    const [wall, cpu] = [performance.now() - wall0, threadCpuMs()! - cpu0];
    t.dispose([a, x]);
    expect(wall).toBeGreaterThan(50); // long enough to tell spinning from polling
    return cpu / wall;
  }

  it('keeps the JavaScript thread mostly idle while the GPU works, where Dawn alone spins', async () => {
    await selectBackend('webgpu');
    const gentle = await waitShare();
    const installed = globalThis.setImmediate;
    globalThis.setImmediate = nodeSetImmediate; // Dawn's own polling, for comparison
    let spinning: number;
    try {
      spinning = await waitShare();
    } finally {
      globalThis.setImmediate = installed;
    }
    // Alone, Dawn's polling takes whatever CPU lavapipe's threads leave it: 30–85 % of two cores here.
    expect(gentle).toBeLessThan(0.2);
    expect(gentle).toBeLessThan(spinning / 2);
  });
});

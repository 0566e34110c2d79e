// Dawn's Node addon polls for the GPU with setImmediate while anything is pending
// (crbug.com/dawn/1127): nnlab's gentle setImmediate lets such a wait spin for its
// first millisecond and then polls once a millisecond. First the rule itself, with a
// Promise's resolve function standing in for Dawn's native tick (as nameless and
// native), then on the software GPU: a long wait no longer keeps a core busy.
import { describe, expect, it } from 'vitest';
import { gentleSetImmediate, isDawnTick, POLL_MS, SPIN_MS } from '../../src/engine/backends/dawn-polling.js';
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
  const fromImmediateQueue = (gentle: (callback: () => void) => unknown, callback: () => void) =>
    new Promise<void>((done) => {
      setImmediate(gentle as (callback: () => void) => void, callback);
      setImmediate(done);
    });

  it('tells Dawn tick from a script passing a function', () => {
    const fromQueue = () => '    at process.processImmediate (node:internal/timers:483:21)';
    const fromScript = () => '    at file:///lab.js:3:5';
    const tick = nativeTick();
    expect(isDawnTick(tick, [], fromQueue)).toBe(true);
    expect(isDawnTick(tick, [], fromScript)).toBe(false); // a script handing over a resolve function
    expect(isDawnTick(() => {}, [], fromQueue)).toBe(false);
    expect(isDawnTick(tick, [1], fromQueue)).toBe(false);
    expect(isDawnTick(function named() {}.bind(null), [], fromQueue)).toBe(false);
  });

  it("spins for a wait's first millisecond, then polls once a millisecond; a pause starts a new wait", async () => {
    const { calls, gentle, at } = harness();
    const tick = nativeTick();
    at(0);
    await fromImmediateQueue(gentle, tick);
    at(SPIN_MS / 2);
    await fromImmediateQueue(gentle, tick);
    at(SPIN_MS + 0.1);
    await fromImmediateQueue(gentle, tick);
    at(SPIN_MS + 1.1);
    await fromImmediateQueue(gentle, tick);
    at(50); // the event loop was busy elsewhere: a new wait
    await fromImmediateQueue(gentle, tick);
    expect(calls).toEqual(['immediate', 'immediate', `timeout ${POLL_MS}`, `timeout ${POLL_MS}`, 'immediate']);
  });

  it('passes every other call on, at any time', async () => {
    const { calls, gentle, at } = harness();
    at(100);
    await fromImmediateQueue(gentle, nativeTick());
    at(100 + SPIN_MS + 0.5);
    await fromImmediateQueue(gentle, nativeTick()); // Dawn, past its wait's first millisecond
    gentle(nativeTick()); // a script's resolve function
    gentle(() => {});
    await fromImmediateQueue(gentle, () => {});
    expect(calls).toEqual(['immediate', `timeout ${POLL_MS}`, 'immediate', 'immediate', 'immediate']);
  });
});

describeWebgpu('waiting on the software GPU', () => {
  it('keeps the JavaScript thread mostly idle while the GPU works', async () => {
    await selectBackend('webgpu');
    const t = tf();
    // About 0.2–1 s of work for lavapipe: a chain of matrix products, then one read.
    const a = t.randomUniform([384, 384], -0.05, 0.05, 'float32', 1);
    let x = a;
    for (let i = 0; i < 40; i++) x = t.matMul(x, a);
    const [wall0, cpu0] = [performance.now(), threadCpuMs()!];
    await x.data();
    const [wall, cpu] = [performance.now() - wall0, threadCpuMs()! - cpu0];
    t.dispose([a, x]);
    expect(wall).toBeGreaterThan(50); // long enough to tell spinning (~100 %) from polling
    expect(cpu / wall).toBeLessThan(0.4);
  });
});

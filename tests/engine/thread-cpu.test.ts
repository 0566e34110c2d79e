import { expect, it } from 'vitest';
import { threadCpuMs, threadCpuSpanMs } from '../../src/engine/bench/thread-cpu.js';

const nap = new Int32Array(new SharedArrayBuffer(4));
/** Computes for `ms` of wall-clock time. */
function compute(ms: number): number {
  const from = performance.now();
  let x = 0;
  while (performance.now() - from < ms) x += Math.sqrt(x + 1);
  return x;
}

it("a thread's CPU time grows while it computes and stays put while it sleeps", () => {
  const start = threadCpuMs()!;
  expect(start).toBeGreaterThan(0);
  Atomics.wait(nap, 0, 0, 60);
  const slept = threadCpuMs()! - start;
  expect(compute(60)).toBeGreaterThan(0);
  const busy = threadCpuMs()! - start - slept;
  expect(slept).toBeLessThan(10);
  expect(busy).toBeGreaterThan(30); // 60 ms of computing, less what other processes took of the CPU
});

it('the CPU time of a piece of work, without what reading it costs', async () => {
  expect(await threadCpuSpanMs(() => void Atomics.wait(nap, 0, 0, 40))).toBeLessThan(5);
  expect(await threadCpuSpanMs(() => void compute(40))).toBeGreaterThan(20);
  const nothing: number[] = [];
  for (let i = 0; i < 5; i++) nothing.push((await threadCpuSpanMs(() => {}))!);
  expect(Math.min(...nothing)).toBeLessThan(0.05);
});

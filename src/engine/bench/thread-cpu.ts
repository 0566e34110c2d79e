// The JavaScript thread's own time on a CPU, apart from the threads of a software
// GPU, of WebAssembly workers or of Dawn: what the host really spends recording a
// GPU step, where wall-clock time also counts the moments a software GPU on the
// same cores held the CPU.
import { readFileSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';
const nap = new Int32Array(new SharedArrayBuffer(4));

/**
 * This thread's CPU time in milliseconds (Linux: the first field of its schedstat,
 * in ns), or undefined where there is none. A 10 µs sleep first brings the kernel's
 * count up to date: it adds a running slice to it only when the thread is scheduled.
 */
export function threadCpuMs(): number | undefined {
  try {
    Atomics.wait(nap, 0, 0, 0.01);
    const ns = Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]);
    return Number.isFinite(ns) ? ns / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** What reading it twice costs (the least of a few tries), measured once. */
let readingCost: number | undefined;

/**
 * The CPU time this thread spends in `work` (its awaits included: this thread's part
 * of what runs meanwhile), less what the two readings around it cost (about
 * 0.1–0.2 ms: much of a GPU epoch of a few steps); undefined where the system does
 * not say.
 */
export async function threadCpuSpanMs(work: () => Promise<void> | void): Promise<number | undefined> {
  readingCost ??= Math.min(...Array.from({ length: 5 }, () => -(threadCpuMs() ?? NaN) + (threadCpuMs() ?? NaN)));
  const before = threadCpuMs();
  await work();
  const after = threadCpuMs();
  if (before === undefined || after === undefined || !Number.isFinite(readingCost)) return undefined;
  return Math.max(0, after - before - readingCost);
}

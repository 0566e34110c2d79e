// The threaded wasm start never hangs: a pthread worker that fails, or a pool
// that is not up in time, is a reason, and the one-thread build starts instead.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../../src/engine/backends/profile.js';
import { withThreadedWasm } from '../../src/engine/backends/wasm-threads.js';
import { importTf } from '../../src/engine/tf.js';

let scratch: string;
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'nnlab-watchdog-test-'));
  process.env.TMPDIR = scratch;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});

/** A stand-in for tfjs's wasm module: only the thread count is asked of it. */
const fakeModule = () => {
  let count = -1;
  return { setThreadsCount: (n: number) => void (count = n), getThreadsCount: () => count };
};

/** Starts one pthread worker as Emscripten does (a Blob URL, then `new Worker`), from `body`, and never finishes. */
function emscriptenLike(body: string) {
  return async () => {
    const url = URL.createObjectURL(new Blob([`"use strict";var Module={};${body}`]));
    const Worker = (globalThis as unknown as { Worker: typeof NodeWorker }).Worker;
    const worker = new Worker(url) as NodeWorker & { onerror: (err: Error) => void };
    worker.onerror = (err) => {
      throw err; // what Emscripten's handler does
    };
    worker.on('error', (err) => worker.onerror(err));
    await new Promise(() => {});
  };
}

describe('the threaded wasm start', () => {
  it('fails with the cause when a pthread worker throws while it loads, and leaves no file behind', async () => {
    const start = withThreadedWasm(fakeModule(), () => {}, 2, emscriptenLike('throw new Error("boom in the worker")'));
    await expect(start).rejects.toThrow(/a pthread worker failed to load: boom in the worker/);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('fails when a worker stops before it has loaded', async () => {
    await expect(withThreadedWasm(fakeModule(), () => {}, 2, emscriptenLike('process.exit(3)'))).rejects.toThrow(
      /a pthread worker stopped \(exit code 3\) before it loaded/,
    );
  });

  it('names what a worker threw even where it is not an Error', async () => {
    await expect(withThreadedWasm(fakeModule(), () => {}, 2, emscriptenLike('throw "a plain string"'))).rejects.toThrow(/failed to load: a plain string/);
  });

  it("once started, a worker's error reaches Emscripten's own handler again, and Worker is worker_threads' again", async () => {
    const seen: unknown[] = [];
    const { Worker } = await import('node:worker_threads');
    const start = async () => {
      const url = URL.createObjectURL(
        new Blob([
          '"use strict";var Module={};const { parentPort } = require("node:worker_threads"); parentPort.postMessage({ cmd: "loaded" }); setTimeout(() => { throw new Error("later"); }, 100);',
        ]),
      );
      const worker = new (globalThis as unknown as { Worker: typeof NodeWorker }).Worker(url) as NodeWorker & { onerror: (err: unknown) => void };
      worker.onerror = (err) => seen.push(err);
      worker.on('error', (err) => worker.onerror(err));
      await new Promise((resolve) => worker.once('message', resolve));
    };
    expect(await withThreadedWasm(fakeModule(), () => {}, 2, start)).toBe(2);
    expect((globalThis as { Worker?: unknown }).Worker).toBe(Worker);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(seen.map((err) => (err as Error).message)).toEqual(['later']);
  });

  it('gives up after its deadline, naming it and the way round', async () => {
    const start = withThreadedWasm(
      fakeModule(),
      () => {},
      2,
      () => new Promise(() => {}),
      50,
    );
    await expect(start).rejects.toThrow('the pool was not up after 0.05 s; on a busy machine --threads 1 skips it');
  });

  it("after a real threaded start that missed its deadline, tfjs's one-thread build starts and computes", async () => {
    const tf = await importTf();
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const setFlag = (on: boolean) => tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', on);
    await expect(withThreadedWasm(wasm, setFlag, 2, () => activate(tf, 'wasm'), 1)).rejects.toThrow(/not up after/);
    await activate(tf, 'wasm'); // what the wasm profile does next
    expect(tf.getBackend()).toBe('wasm');
    expect(wasm.getThreadsCount()).toBe(1);
    expect(Array.from(await tf.add(tf.tensor1d([1, 2, 3]), 1).data())).toEqual([2, 3, 4]);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

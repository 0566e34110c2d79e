// The wasm backend on several threads: tfjs-backend-wasm's threaded build as
// nnlab loads it under Node (src/engine/backends/wasm-threads.ts). These fail
// if a tfjs upgrade breaks the workaround: the device line would say 1 thread.
import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_RUNS } from '../helpers.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nnlab-threads-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const mlpFlags = Object.entries({ ...SMALL_RUNS.mlp, limit: 600, 'batch-size': 16, epochs: 2, lr: 0.5 }).flatMap(([k, v]) => [`--${k}`, String(v)]);
const nnlab = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [CLI, ...args], { reject: false, env: { NNLAB_BACKEND: 'wasm', TMPDIR: scratch, ...env }, timeout: 60_000 });
const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('wasm on several threads', () => {
  it('trains on 2 threads to the same result as on 1 (1e-5), exits by itself, and leaves no worker files', async () => {
    const [one, two] = await Promise.all([
      nnlab(['run', 'mlp', '--json', '--threads', '1', ...mlpFlags]),
      nnlab(['run', 'mlp', '--json', ...mlpFlags], { NNLAB_THREADS: '2' }),
    ]);
    for (const run of [one, two]) expect(run.exitCode, run.stderr).toBe(0);
    const [a, b] = [events(one.stdout), events(two.stdout)];
    expect(a[0].deviceDetail).toMatch(/WebAssembly, SIMD, 1 thread, as asked/);
    expect(b[0].deviceDetail).toMatch(/WebAssembly, SIMD, 2 threads, as asked/);
    const [ra, rb] = [a.find((e) => e.kind === 'result').metrics, b.find((e) => e.kind === 'result').metrics];
    const learned = Object.keys(ra).filter((key) => !/perSec|secondsPer/i.test(key));
    expect(learned).toEqual(expect.arrayContaining(['trainLoss', 'valAcc', 'testLoss']));
    for (const key of learned) expect(Math.abs(rb[key] - ra[key]), key).toBeLessThan(1e-5);
    expect(ra.trainLoss).toBeLessThan(2.2); // it trained: ln 10 ≈ 2.303 is a guess
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('falls back to one thread, and says why, where the worker script cannot be written', async () => {
    const { stdout, exitCode } = await nnlab(['run', 'sigmoid', '--json', '--threads', '2'], { TMPDIR: join(scratch, 'missing') });
    expect(exitCode).toBe(0);
    expect(events(stdout)[0].deviceDetail).toMatch(/1 thread: threads did not start \(cannot write the worker script to .*missing: ENOENT\)/);
    // doctor's summary says what runs, not only what was asked for.
    const doctor = await nnlab(['doctor', '--backend', 'cpu', '--threads', '2'], { TMPDIR: join(scratch, 'missing') });
    expect(doctor.stdout).toContain("wasm was asked for 2 threads (as asked) and runs 1: see its line above; nnlab's CPU training step runs 2.");
  });

  it('a lab that loads wasm beside its own backend, and doctor, start it on the threads asked for', async () => {
    for (const threads of ['1', '2']) {
      const gpu = await nnlab(['run', 'gpu', '--json', '--backend', 'cpu', '--sizes', '8', '--threads', threads]);
      expect(gpu.exitCode, gpu.stderr).toBe(0);
      const devices = events(gpu.stdout).find((e) => e.kind === 'table' && e.id === 'devices');
      expect(devices.rows).toContainEqual(['wasm', expect.stringMatching(new RegExp(`SIMD, ${threads} threads?, as asked`))]);
      // The count from the environment once, from the flag once.
      const doctor =
        threads === '1'
          ? await nnlab(['doctor', '--backend', 'cpu'], { NNLAB_THREADS: threads })
          : await nnlab(['doctor', '--backend', 'cpu', '--threads', threads]);
      expect(doctor.exitCode, doctor.stderr).toBe(0);
      expect(doctor.stdout).toMatch(new RegExp(`wasm and nnlab's CPU training step run ${threads} threads? \\(as asked\\)`));
      expect(doctor.stdout).toMatch(new RegExp(`ok +wasm +CPU \\(WebAssembly, SIMD, ${threads} threads?, as asked\\)`));
    }
  });

  it('refuses a thread count that is not a whole number from 1, naming where it came from', async () => {
    for (const [args, env, message] of [
      [['--threads', '0'], {}, '--threads must be an integer from 1 to 1024 (got "0")'],
      [['--threads', 'two'], {}, '--threads must be an integer from 1 to 1024 (got "two")'],
      [[], { NNLAB_THREADS: '-3' }, 'NNLAB_THREADS must be an integer from 1 to 1024 (got "-3")'],
    ] as const) {
      const { stderr, exitCode } = await nnlab(['run', 'sigmoid', ...args], env);
      expect(exitCode).toBe(2);
      expect(stderr).toContain(message);
    }
  });
});

// tfjs-backend-wasm's threaded build, made to load under Node. The whole
// workaround is here; tests/e2e/wasm-threads.test.ts fails if a tfjs upgrade
// breaks it (it pins 4.22.0's internals, named below).
//
// Why it is needed: tfjs turns threads off when it sees Node (tfjs issue 3830),
// and forcing them on fails, because it hands Emscripten `blob:` URLs for the
// pthread workers, which worker_threads refuses (ERR_WORKER_PATH). So, while the
// backend initialises:
// 1. Blobs are recorded as they are made, and URL.createObjectURL writes the
//    worker's script to a real file and returns its path. The worker, in turn,
//    is told the path of the main script, which tfjs sends it as a Blob.
// 2. The main script is the module factory as source text; it names the
//    bundle's own variables (require$$N, commonjsGlobal, tslib's helpers),
//    which a prelude defines.
// 3. tfjs caps its pool at os.cpus().length / 2 (it assumes two hardware
//    threads per core): os.cpus reports enough CPUs for the count asked for.
// 4. Workers are unref'd once loaded, so they never keep Node from exiting.
// The files go once every worker has loaded them. A worker that fails or never
// loads would leave tfjs's init pending for ever: a watchdog turns that into a
// reason, and the caller starts the one-thread build instead.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { errorMessage } from '../describe.js';

/** tfjs-backend-wasm 4.22 pre-creates 8 pthread workers and caps its pool there (cc/backend.cc). */
export const WASM_MAX_THREADS = 8;
/** The pool starts in well under a second, and in seconds on a loaded machine. */
export const THREADS_START_DEADLINE_MS = 15_000;

const MAIN_SCRIPT = 'var WasmBackendModuleThreadedSimd';
const WORKER_SCRIPT = '"use strict";var Module={}';
/** What the factory's source uses from the bundle around it. */
const PRELUDE: Record<string, string> = {
  require$$0: "require('fs')",
  require$$1: "require('path')",
  require$$3: "require('perf_hooks')",
  require$$4: "require('os')",
  commonjsGlobal: 'globalThis',
  __values: 'function (o) { return o[Symbol.iterator](); }',
  __read: 'function (o, n) { var a = []; for (var x of o) { if (n !== undefined && a.length >= n) break; a.push(x); } return a; }',
  __spreadArray: 'function (to, from) { return to.concat(Array.prototype.slice.call(from)); }',
};

interface WasmModule {
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}

/**
 * Runs `activate` (which makes tfjs initialise the wasm backend) with the
 * threaded build and `threads` threads; returns the count the backend reports.
 * Throws why not, and leaves no worker behind, where it cannot: also when a
 * worker fails while it loads, or the pool is not up after `deadlineMs`.
 */
export async function withThreadedWasm(
  wasm: WasmModule,
  setMultithreadFlag: (on: boolean) => void,
  threads: number,
  activate: () => Promise<void>,
  deadlineMs = THREADS_START_DEADLINE_MS,
): Promise<number> {
  const missing = ['SharedArrayBuffer', 'Atomics'].filter((name) => !(name in globalThis));
  if (missing.length > 0) throw new Error(`this Node has no ${missing.join(' or ')}`);
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'nnlab-wasm-threads-'));
  } catch (err) {
    throw new Error(`cannot write the worker script to ${tmpdir()}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const mainScript = join(dir, 'main.js');
  // Loaded here, not at the top: the app's first frame does not wait for it (about 4 ms).
  const { Worker } = await import('node:worker_threads');
  const workers: NodeWorker[] = [];
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const saved = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: os.cpus };
  const texts = new WeakMap<Blob, string>();
  let scriptProblem: string | undefined;
  let fail!: (reason: string) => void;
  const failed = new Promise<never>((_, reject) => (fail = (reason) => reject(new Error(reason))));
  failed.catch(() => {}); // read by the race below, or by nothing once tfjs is up

  class RecordedBlob extends saved.Blob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = parts?.every((p) => typeof p === 'string') ? parts.join('') : undefined;
      if (text === undefined) return;
      texts.set(this, text);
      if (!text.startsWith(MAIN_SCRIPT)) return;
      // Thrown here, before Emscripten starts a worker, it fails tfjs's init cleanly.
      scriptProblem = writeMainScript(mainScript, text);
      if (scriptProblem) throw new Error(scriptProblem);
    }
  }
  let starting = true;
  class WatchedWorker extends Worker {
    #onerror: ((err: unknown) => void) | undefined;
    constructor(...args: ConstructorParameters<typeof NodeWorker>) {
      super(...args);
      workers.push(this);
      let loaded = false;
      const onMessage = (data: { cmd?: string } | undefined) => {
        if (data?.cmd !== 'loaded') return;
        loaded = true;
        this.off('message', onMessage);
      };
      this.on('message', onMessage);
      this.on('exit', (code) => loaded || fail(`a pthread worker stopped (exit code ${code}) before it loaded`));
    }
    // While the pool starts, Emscripten's handler (which logs and rethrows, ending the
    // process with a stack) gives way to the watchdog: the start fails with the cause.
    // After it, a worker's error reaches Emscripten's handler as before.
    get onerror() {
      return starting ? (err: unknown) => fail(`a pthread worker failed to load: ${errorMessage(err)}`) : this.#onerror;
    }
    set onerror(handler: ((err: unknown) => void) | undefined) {
      this.#onerror = handler;
    }
  }
  globalThis.Blob = RecordedBlob;
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || !text.startsWith(WORKER_SCRIPT)) return saved.createObjectURL(blob);
    const file = join(dir, 'worker.js');
    // The worker turns the main-script Blob it is sent into a URL to import: give it the file.
    writeFileSync(file, `URL.createObjectURL = () => ${JSON.stringify(mainScript)}; URL.revokeObjectURL = () => {};\n${text}`);
    // Emscripten set globalThis.Worker to worker_threads' a moment ago, and makes one right after this call.
    (globalThis as { Worker?: unknown }).Worker = WatchedWorker;
    return file;
  };
  const cpu = saved.cpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu);
  setMultithreadFlag(true);
  wasm.setThreadsCount(threads);
  let deadline: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`the pool was not up after ${deadlineMs / 1000} s; on a busy machine --threads 1 skips it`)), deadlineMs);
    });
    const activation = activate();
    activation.catch(() => {}); // a late failure, once the race is lost, has nobody to tell
    await Promise.race([activation, failed, late]);
    for (const worker of workers) worker.unref();
    return wasm.getThreadsCount();
  } catch (err) {
    setMultithreadFlag(false);
    wasm.setThreadsCount(-1);
    await Promise.all(workers.map((worker) => worker.terminate()));
    // tfjs reports a failed init as `false`, without the cause.
    throw scriptProblem ? new Error(scriptProblem) : err;
  } finally {
    starting = false;
    clearTimeout(deadline);
    // Emscripten's own choice; a worker it makes later (it pre-makes all it uses) needs no watching.
    (globalThis as { Worker?: unknown }).Worker = Worker;
    globalThis.Blob = saved.Blob;
    URL.createObjectURL = saved.createObjectURL;
    os.cpus = saved.cpus;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the factory with its prelude; returns what is wrong if the source needs a name the prelude lacks. */
function writeMainScript(path: string, source: string): string | undefined {
  const needed = new Set(source.match(/\b(?:require\$\$\d+|__[a-zA-Z]+)(?=\s*[(.,;)])/g) ?? []);
  const defined = (name: string) => new RegExp(`(?:function|var|let|const)\\s+${name.replace(/\$/g, '\\$')}\\b`).test(source);
  const unknown = [...needed].filter((name) => !(name in PRELUDE) && name !== '__filename' && name !== '__dirname' && !defined(name));
  if (unknown.length > 0) return `tfjs-backend-wasm's threaded build needs ${unknown.join(', ')}, which nnlab's loader does not define`;
  writeFileSync(
    path,
    Object.entries(PRELUDE)
      .map(([name, value]) => `var ${name} = ${value};\n`)
      .join('') + source,
  );
  return undefined;
}

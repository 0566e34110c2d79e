// Worker threads for the CPU step, on one shared WebAssembly memory. A job is one
// kernel over a range of rows cut into chunks; the calling thread and the workers
// take chunks from one atomic counter until none is left, and the job is done when
// every chunk is. The caller never waits for a worker that has not started: on a
// machine shared with other processes (a class on one server) a worker the system
// has not scheduled yet simply finds no chunk left. Between jobs the workers sleep
// in Atomics.wait: they never spin, so idle threads cost a shared machine nothing.
// Each kernel computes an output element the same way whichever chunk holds it:
// any number of threads, the same bits.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Slots of the control block (Int32Array); the job's arguments follow as float64 from ARGS_BYTE. */
const GEN = 0; // bumped once per command: the workers wait on it
const PENDING = 1; // workers yet to finish a BIND: the caller waits on it
const OP = 2; // RUN, BIND or QUIT
const FN = 3; // index of the kernel in the names list
const CLAIM = 4; // (the job's tag << 16) | the next chunk; CLOSED between jobs
const CHUNKS = 5;
const CHUNK = 6; // rows per chunk
const TOTAL = 7; // rows in all
const FAILED = 8; // a worker's kernel threw
const NARGS = 9;
const DONE = 10; // chunks finished: the caller waits on it
const CONTROL_INTS = 16;
const ARGS_BYTE = CONTROL_INTS * 4;
const MAX_ARGS = 16;
const CLOSED = 0xffff; // tag 0: no job claims it

const RUN = 0;
const BIND = 1;
const QUIT = 2;

/**
 * A machine with no free core for the workers (other processes busy on them) shows
 * as jobs the caller did nearly alone: after LAGGING_JOBS such jobs in a row the pool
 * runs the next SOLO_JOBS jobs on the calling thread only, without waking anyone,
 * then tries its workers again. Which thread computes a chunk never changes a result.
 */
const LAGGING_JOBS = 8;
const SOLO_JOBS = 512;

/** The caller gives up on a job or a bind after this long: a kernel of one step never takes it. */
const WATCHDOG_MS = 60_000;

/** The claim tag of generation g: 1–32767, never CLOSED's 0. */
const TAG_SOURCE = '(g) => ((g - 1) % 32767) + 1';
const tagOf = new Function(`return ${TAG_SOURCE}`)() as (g: number) => number;

/**
 * The next chunk of the job tagged `tag`, or −1 when none is left or another job
 * has begun. A chunk is only ever taken by a thread that read that job's own
 * arguments: the caller writes the next job's only after closing the counter.
 * (Source text: the workers run the very same function.)
 */
const CLAIM_SOURCE = `(ctl, tag, chunks) => {
  for (;;) {
    const word = Atomics.load(ctl, ${CLAIM});
    if (word >>> 16 !== tag || (word & 0xffff) >= chunks) return -1;
    if (Atomics.compareExchange(ctl, ${CLAIM}, word, word + 1) === word) return word & 0xffff;
  }
}`;
const claim = new Function(`return ${CLAIM_SOURCE}`)() as (ctl: Int32Array, tag: number, chunks: number) => number;

// The worker's whole program (eval'd: the bundle has no separate file for it).
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control, 0, ${CONTROL_INTS});
const args = new Float64Array(workerData.control, ${ARGS_BYTE}, ${MAX_ARGS});
const tagOf = ${TAG_SOURCE};
const claim = ${CLAIM_SOURCE};
let kernels = [];
let seen = 0;
for (;;) {
  while (Atomics.load(ctl, ${GEN}) === seen) Atomics.wait(ctl, ${GEN}, seen);
  const g = Atomics.load(ctl, ${GEN});
  const op = ctl[${OP}], fn = ctl[${FN}], chunks = ctl[${CHUNKS}], chunk = ctl[${CHUNK}], total = ctl[${TOTAL}];
  const given = Array.from(args.subarray(0, ctl[${NARGS}]));
  if (Atomics.load(ctl, ${GEN}) !== g) continue; // a new command came while reading this one
  seen = g;
  if (op === ${QUIT}) break;
  try {
    if (op === ${BIND}) {
      let message;
      for (let tries = 0; !(message = receiveMessageOnPort(workerData.port)) && tries < 5000; tries++) Atomics.wait(ctl, ${CONTROL_INTS - 1}, 0, 1);
      const { module, memory, scratch } = message.message;
      const exports = module ? new WebAssembly.Instance(module, { env: { memory } }).exports : {};
      if (module) exports.setScratch(scratch);
      kernels = workerData.names.map((name) => exports[name]);
    } else {
      const tag = tagOf(g);
      for (let c; (c = claim(ctl, tag, chunks)) >= 0; ) {
        try {
          kernels[fn](...given, c * chunk, Math.min((c + 1) * chunk, total));
        } finally {
          if (Atomics.add(ctl, ${DONE}, 1) + 1 === chunks) Atomics.notify(ctl, ${DONE});
        }
      }
    }
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  if (op === ${BIND} && Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
}
`;

type Kernel = (...args: number[]) => void;

export class ThreadPool {
  private readonly control = new SharedArrayBuffer(ARGS_BYTE + MAX_ARGS * 8);
  private readonly ctl = new Int32Array(this.control, 0, CONTROL_INTS);
  private readonly args = new Float64Array(this.control, ARGS_BYTE, MAX_ARGS);
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private kernels: Kernel[] = [];
  /** The memory the kernels are instantiated over now. */
  private memory: WebAssembly.Memory | undefined;
  private exports: Record<string, Kernel> = {};
  private lagging = 0;
  private solo = 0;

  /** `threads` computing in all: this one and threads − 1 workers. `names` are the kernels' exports, by index. */
  constructor(
    readonly threads: number,
    private readonly names: readonly string[],
  ) {
    this.ctl[CLAIM] = CLOSED;
    for (let i = 1; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { control: this.control, port: port2, names }, transferList: [port2] });
      // Asleep in Atomics.wait, a worker must not keep the process alive.
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /**
   * Instantiates the kernels over `memory` here and in every worker (none: lets go
   * of the last one), each thread with its own scratch at `scratch(thread)` (0 is
   * this one); the exports of this thread's instance. Cheap when already bound to it.
   */
  bind<T>(module: WebAssembly.Module | undefined, memory: WebAssembly.Memory | undefined, scratch: (thread: number) => number = () => 0): T {
    if (memory && memory === this.memory) return this.exports as T;
    this.exports = module && memory ? (new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, Kernel>) : {};
    if (module && memory) this.exports.setScratch(scratch(0));
    this.kernels = this.names.map((name) => this.exports[name]);
    this.memory = memory;
    if (this.workers.length > 0) {
      this.ports.forEach((port, i) => port.postMessage({ module, memory, scratch: scratch(i + 1) }));
      Atomics.store(this.ctl, PENDING, this.workers.length);
      this.issue(BIND);
      this.waitFor(PENDING, 0, 'start their kernels');
      this.checkFailed();
    }
    return this.exports as T;
  }

  /** Whether the kernels run over this memory now. */
  isBound(memory: WebAssembly.Memory): boolean {
    return this.memory === memory;
  }

  /** Runs kernel `fn` with `args` and a range [lo, hi) over `total` rows, in chunks of `chunk` rows (parallel only when there are several). */
  run(fn: number, args: readonly number[], total: number, chunk: number): void {
    const kernel = this.kernels[fn];
    const chunks = Math.ceil(total / chunk);
    if (this.workers.length === 0 || chunks <= 1 || this.solo > 0) {
      if (this.solo > 0) this.solo--;
      kernel(...args, 0, total);
      return;
    }
    const ctl = this.ctl;
    ctl[FN] = fn;
    ctl[NARGS] = args.length;
    this.args.set(args);
    ctl[CHUNKS] = chunks;
    ctl[CHUNK] = chunk;
    ctl[TOTAL] = total;
    Atomics.store(ctl, DONE, 0);
    const tag = tagOf(Atomics.load(ctl, GEN) + 1);
    Atomics.store(ctl, CLAIM, tag << 16);
    this.issue(RUN);
    let mine = 0;
    try {
      for (let c; (c = claim(ctl, tag, chunks)) >= 0; mine++) {
        try {
          kernel(...args, c * chunk, Math.min((c + 1) * chunk, total));
        } finally {
          Atomics.add(ctl, DONE, 1);
        }
      }
    } finally {
      this.waitFor(DONE, chunks, 'finish a kernel');
      // Closed before the next job's arguments are written: no late worker takes a chunk of it with these.
      Atomics.store(ctl, CLAIM, CLOSED);
    }
    this.checkFailed();
    // With free cores the workers take about (threads − 1) / threads of the chunks.
    const theirs = (chunks - mine) / chunks;
    this.lagging = theirs < (0.5 * (this.threads - 1)) / this.threads ? this.lagging + 1 : 0;
    if (this.lagging >= LAGGING_JOBS) [this.lagging, this.solo] = [0, SOLO_JOBS];
  }

  private issue(op: number): void {
    this.ctl[OP] = op;
    Atomics.add(this.ctl, GEN, 1);
    Atomics.notify(this.ctl, GEN);
  }

  /** Sleeps until slot `at` reaches `value` (PENDING down to 0, DONE up to the chunks). */
  private waitFor(at: number, value: number, what: string): void {
    const ctl = this.ctl;
    const deadline = Date.now() + WATCHDOG_MS;
    for (let now; (now = Atomics.load(ctl, at)) !== value;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the CPU worker threads did not ${what} within ${WATCHDOG_MS / 1000} s`);
      Atomics.wait(ctl, at, now, left);
    }
  }

  private checkFailed(): void {
    if (Atomics.exchange(this.ctl, FAILED, 0)) throw new Error('a CPU worker thread failed in a kernel');
  }

  close(): void {
    if (this.workers.length === 0) return;
    this.issue(QUIT);
    for (const port of this.ports) port.close();
    this.workers.length = 0;
  }
}

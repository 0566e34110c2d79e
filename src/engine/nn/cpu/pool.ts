// Worker threads for the CPU step, on one shared WebAssembly memory. A job is one
// kernel over a range of rows cut into chunks; the calling thread and every worker
// take chunks from one atomic counter until none is left, so a thread that the
// machine's other processes slow down holds the others up by one chunk at most.
// Between jobs the workers sleep in Atomics.wait: they never spin, so idle
// threads cost a shared machine nothing. Each kernel computes an output element
// the same way whichever chunk holds it: any number of threads, the same bits.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Slots of the control block (Int32Array); the job's arguments follow as float64 from ARGS_BYTE. */
const GEN = 0; // bumped once per command: the workers wait on it
const PENDING = 1; // workers that have not finished the command yet: the caller waits on it
const OP = 2; // RUN, BIND or QUIT
const FN = 3; // index of the kernel in the names list
const NEXT = 4; // the next chunk to take
const CHUNKS = 5;
const CHUNK = 6; // rows per chunk
const TOTAL = 7; // rows in all
const FAILED = 8; // a worker's kernel threw
const NARGS = 9;
const CONTROL_INTS = 32;
const ARGS_BYTE = CONTROL_INTS * 4;
const MAX_ARGS = 16;

const RUN = 0;
const BIND = 1;
const QUIT = 2;

/** A worker gives up on a job after this long: a kernel of one step never takes it. */
const WATCHDOG_MS = 60_000;

// The worker's whole program (eval'd: the bundle has no separate file for it).
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control, 0, ${CONTROL_INTS});
const args = new Float64Array(workerData.control, ${ARGS_BYTE}, ${MAX_ARGS});
let kernels = [];
let seen = 0;
for (;;) {
  while (Atomics.load(ctl, ${GEN}) === seen) Atomics.wait(ctl, ${GEN}, seen);
  seen = Atomics.load(ctl, ${GEN});
  const op = ctl[${OP}];
  if (op === ${QUIT}) break;
  try {
    if (op === ${BIND}) {
      let message;
      for (let tries = 0; !(message = receiveMessageOnPort(workerData.port)) && tries < 5000; tries++) Atomics.wait(ctl, ${CONTROL_INTS - 1}, 0, 1);
      const { module, memory } = message.message;
      const exports = module ? new WebAssembly.Instance(module, { env: { memory } }).exports : {};
      kernels = workerData.names.map((name) => exports[name]);
    } else {
      const kernel = kernels[ctl[${FN}]];
      const given = Array.from(args.subarray(0, ctl[${NARGS}]));
      const chunks = ctl[${CHUNKS}], chunk = ctl[${CHUNK}], total = ctl[${TOTAL}];
      for (let c; (c = Atomics.add(ctl, ${NEXT}, 1)) < chunks; ) kernel(...given, c * chunk, Math.min((c + 1) * chunk, total));
    }
  } catch {
    Atomics.store(ctl, ${FAILED}, 1);
  }
  if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
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

  /** `threads` computing in all: this one and threads − 1 workers. `names` are the kernels' exports, by index. */
  constructor(
    readonly threads: number,
    private readonly names: readonly string[],
  ) {
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
   * of the last one); the exports of this thread's instance. Cheap when already bound to it.
   */
  bind<T>(module: WebAssembly.Module | undefined, memory: WebAssembly.Memory | undefined): T {
    if (memory && memory === this.memory) return this.exports as T;
    this.exports = module && memory ? (new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, Kernel>) : {};
    this.kernels = this.names.map((name) => this.exports[name]);
    this.memory = memory;
    for (const port of this.ports) port.postMessage({ module, memory });
    this.command(BIND);
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
    if (this.workers.length === 0 || chunks <= 1) {
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
    Atomics.store(ctl, NEXT, 0);
    this.command(RUN, () => {
      for (let c; (c = Atomics.add(ctl, NEXT, 1)) < chunks;) kernel(...args, c * chunk, Math.min((c + 1) * chunk, total));
    });
  }

  /** Hands the workers a command, does `own` meanwhile, and waits until every worker is done with it. */
  private command(op: number, own?: () => void): void {
    if (this.workers.length === 0) return;
    const ctl = this.ctl;
    ctl[OP] = op;
    ctl[FAILED] = 0;
    Atomics.store(ctl, PENDING, this.workers.length);
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    try {
      own?.();
    } finally {
      this.join();
    }
    if (ctl[FAILED]) throw new Error('a CPU worker thread failed in a kernel');
  }

  private join(): void {
    const ctl = this.ctl;
    const deadline = Date.now() + WATCHDOG_MS;
    for (let pending; (pending = Atomics.load(ctl, PENDING)) !== 0;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the CPU worker threads did not finish within ${WATCHDOG_MS / 1000} s`);
      Atomics.wait(ctl, PENDING, pending, left);
    }
  }

  close(): void {
    if (this.workers.length === 0) return;
    this.ctl[OP] = QUIT;
    Atomics.add(this.ctl, GEN, 1);
    Atomics.notify(this.ctl, GEN);
    for (const port of this.ports) port.close();
    this.workers.length = 0;
  }
}

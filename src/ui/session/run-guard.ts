// While a lab runs in this process, the process belongs to the run: a signal
// ends it cleanly (an end event, then the run's outcome says which signal), and what a lab
// must not do — exit the process, leave an error unhandled, print into the
// NDJSON on stdout — ends the run as a failure instead of killing the stream.
import { errorMessage } from '../../labs/engine-api.js';
import { InterruptedError, LabFault, STOP_SIGNALS, type StopSignal } from '../../labs/kit/outcome.js';
import { exitCode } from './exit-code.js';
import type { EndEvent, LabEvent } from '../../labs/kit/events.js';

/** process.exit as it was before any guard: nnlab's own way out. */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

export interface RunGuard {
  /** Pass to streamLab: aborted by a signal or a fault. */
  signal: AbortSignal;
  /** The signal that interrupted the run, if one did. */
  stoppedBy(): StopSignal | undefined;
  /** Ends the run as failed (an output file that cannot be written): its end event says why. */
  fail(reason: unknown): void;
  /** The sink made safe: a write that throws (a full disk) fails the run, and the sink is not called again. */
  guardedSink(sink: ((event: LabEvent) => void) | undefined): (event: LabEvent) => void;
  /** The fault that came with a run's last event (a file that failed on the end event): the stream was done, the run was not. */
  lateFault(end: EndEvent | undefined): LabFault | undefined;
  release(): void;
}

export interface GuardOptions {
  /** Headless: signals end the run. The app handles its own (q, Ctrl-C as keys). */
  signals: boolean;
  /**
   * Headless: a lab's console output and its own writes to process.stdout go to
   * stderr, so stdout holds only the run's output (take process.stdout.write before guarding).
   */
  console: boolean;
}

/** The runs in progress (in the app, one live and perhaps one winding down). */
const active = new Set<AbortController>();
const failActive = (fault: LabFault) => active.forEach((controller) => controller.signal.aborted || controller.abort(fault));

const STALLED = 'nothing is left to run, yet the lab still waits: it awaits a promise that nothing will ever settle';

/**
 * stdout broke (a full disk, /dev/full): said once. A run in progress fails with
 * it, so its --out file ends with the error, not 'ok'; returns false when none runs.
 */
export const stdoutFailure = {
  reported: false,
  message: (err: NodeJS.ErrnoException) =>
    `cannot write the output: ${err.code === 'ENOSPC' ? 'no space left on the device' : errorMessage(err)} (${err.code ?? 'error'})`,
  failRuns(err: NodeJS.ErrnoException): boolean {
    if (this.reported) return true;
    this.reported = true;
    if (active.size === 0) return false;
    failActive(new LabFault(this.message(err)));
    return true;
  },
};

/**
 * Errors nobody caught fail the runs in progress, or end nnlab with one line
 * (onCrash gets it without the "nnlab: ").
 * So does a stall: the event loop empties while nnlab still waits (a lab
 * awaiting a promise nobody settles, a module's top-level await), where Node
 * would exit 13 without a word. Call the returned finished() once nnlab's work is done.
 */
export function installCrashHandlers(onCrash: (message: string) => void): { finished(): void } {
  let done = false;
  const handle = (err: unknown) => {
    if (active.size > 0) failActive(new LabFault(`uncaught error during the run: ${errorMessage(err)}`));
    else onCrash(`unexpected error: ${process.env.NNLAB_DEBUG && err instanceof Error && err.stack ? err.stack : errorMessage(err)}`);
  };
  const onEmptyLoop = () => {
    if (done) return;
    if (active.size > 0) failActive(new LabFault(STALLED));
    else onCrash(`${STALLED} (or a lab module's top-level await never finished)`);
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
  process.on('beforeExit', onEmptyLoop);
  return { finished: () => (done = true) };
}

/** While any run is in progress, process.exit fails the run instead of ending nnlab. */
function trappedExit(code?: number | string | null): never {
  const fault = new LabFault(`the lab called process.exit(${code ?? ''}): a lab ends by returning from run()`);
  failActive(fault);
  throw fault;
}

const CONSOLE_TO_STDERR = ['log', 'info', 'debug', 'dir', 'table'] as const;

/**
 * A lecture's own hold on the stop signals, for all of it: a signal between two labs
 * (no run's guard listening) would otherwise kill the process with the files half
 * written. The lecture stops before its next lab; a second signal leaves at once.
 */
export function guardLecture(): { stoppedBy(): StopSignal | undefined; release(): void } {
  let stoppedBy: StopSignal | undefined;
  const onSignal = (name: StopSignal) => {
    if (stoppedBy !== undefined && active.size === 0) exitProcess(exitCode({ kind: 'interrupted', signal: stoppedBy }));
    stoppedBy ??= name;
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    stoppedBy: () => stoppedBy,
    release: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}

export function guardRun(options: GuardOptions): RunGuard {
  const controller = new AbortController();
  active.add(controller);
  process.exit = trappedExit as typeof process.exit;
  let stoppedBy: StopSignal | undefined;
  const onSignal = (name: StopSignal) => {
    // A second signal while the run winds down: leave now (exit handlers still close the files).
    if (stoppedBy !== undefined) exitProcess(exitCode({ kind: 'interrupted', signal: stoppedBy }));
    stoppedBy = name;
    controller.abort(new InterruptedError());
  };
  const signals = options.signals ? STOP_SIGNALS : [];
  for (const name of signals) process.on(name, onSignal);

  const savedConsole = CONSOLE_TO_STDERR.map((name) => [name, console[name]] as const);
  const stdoutWrite = process.stdout.write;
  if (options.console) {
    for (const name of CONSOLE_TO_STDERR) console[name] = (...args: unknown[]) => console.error(...args);
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  }

  const fail = (reason: unknown) => controller.signal.aborted || controller.abort(new LabFault(errorMessage(reason)));
  return {
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    fail,
    guardedSink(sink) {
      let live = sink;
      return (event) => {
        try {
          live?.(event);
        } catch (err) {
          live = undefined;
          fail(err);
        }
      };
    },
    lateFault: (end) => (end && end.status !== 'error' && controller.signal.reason instanceof LabFault ? controller.signal.reason : undefined),
    release() {
      for (const name of signals) process.off(name, onSignal);
      if (options.console) {
        for (const [name, method] of savedConsole) (console as unknown as Record<string, unknown>)[name] = method;
        process.stdout.write = stdoutWrite;
      }
      active.delete(controller);
      if (active.size === 0) process.exit = exitProcess;
    },
  };
}

// How a run ends, as a kind: ok, a failure, the user's input, or an interruption
// (by which signal, if one). Errors carry their kind by class (engine/input-error.ts),
// the end event as its status and errorKind. The front ends turn a kind into what
// they show and what the process exits with (ui/session/exit-code.ts); nothing below them
// knows exit codes.
import { errorKind } from '../../engine/input-error.js';
import type { EndEvent } from './events.js';

/** The signals that stop a run cleanly. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export type Outcome =
  | { kind: 'ok' }
  /** The run (or nnlab) went wrong: a lab's error or fault, a file that cannot be written. */
  | { kind: 'failure' }
  /** What the user gave is wrong: a flag, a value, a file, a backend that cannot load. */
  | { kind: 'input' }
  /** Stopped before its end: by `signal`, or by Ctrl-C as a key or a stop from inside when none. */
  | { kind: 'interrupted'; signal?: StopSignal };

export const OK: Outcome = { kind: 'ok' };
export const FAILURE: Outcome = { kind: 'failure' };
export const INPUT: Outcome = { kind: 'input' };

/** A run was stopped (a signal, Ctrl-C, leaving its screen): it ends 'interrupted'. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

/** A lab broke the protocol (an invalid event) or misbehaved (process.exit): the run failed. */
export class LabFault extends Error {}

/** An error that means "stopped": an InterruptedError, or an AbortError from an aborted signal. */
export const isInterruption = (err: unknown): boolean => err instanceof InterruptedError || (err instanceof DOMException && err.name === 'AbortError');

/** The outcome an error makes; `signal`: the one that stopped the run, if a signal did. */
export function outcomeOfError(err: unknown, signal?: StopSignal): Outcome {
  if (isInterruption(err)) return interrupted(signal);
  return { kind: errorKind(err) };
}

/**
 * The outcome of a run that began (it has a start event): from its end event, and
 * from why its signal was aborted. A fault after the end event (an output file that
 * could not take that last line) fails a run that ended well.
 */
export function outcomeOfRun(end: EndEvent | undefined, abortReason: unknown, signal?: StopSignal): Outcome {
  if (!end) return FAILURE;
  if (end.status === 'error') return { kind: end.errorKind ?? 'failure' };
  if (abortReason instanceof LabFault) return FAILURE;
  return end.status === 'ok' ? OK : interrupted(signal);
}

const interrupted = (signal?: StopSignal): Outcome => (signal ? { kind: 'interrupted', signal } : { kind: 'interrupted' });

// The one place an outcome becomes the process's exit code (README, "Exit codes").
// Every way nnlab ends, in the app or headless, goes through exitCode().
import { OK, type Outcome, type StopSignal } from '../../labs/kit/outcome.js';

/** The shell's convention for a process a signal stopped: 128 + the signal's number. */
const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * 0 ok, 1 a failure, 2 the user's input (a usage error), and for an interruption
 * 128 + the signal's number: 130 SIGINT, 143 SIGTERM, 129 SIGHUP. An interruption
 * with no signal (Ctrl-C as a key in the app) is 130, as the shell gives Ctrl-C.
 */
export function exitCode(outcome: Outcome): number {
  switch (outcome.kind) {
    case 'ok':
      return 0;
    case 'failure':
      return 1;
    case 'input':
      return 2;
    case 'interrupted':
      return 128 + SIGNAL_NUMBER[outcome.signal ?? 'SIGINT'];
  }
}

/** The worse of two outcomes: the one whose exit code is higher (an interruption, then input, then a failure). */
export const worse = (a: Outcome, b: Outcome): Outcome => (exitCode(b) > exitCode(a) ? b : a);

/**
 * The outcome of several runs in one process (a lecture, the app's reruns): the worst of
 * each step's last run, so a rerun that worked replaces the failure before it. A stop of
 * the whole session (Ctrl-C in the app) is final.
 */
export function sessionOutcome() {
  const last = new Map<number, Outcome>();
  let stopped: Outcome | undefined;
  return {
    /** How the run of lecture step `step` (0 for a single lab) ended. */
    ended(outcome: Outcome, step = 0) {
      last.set(step, outcome);
    },
    /** The session was stopped as a whole. */
    stop(outcome: Outcome) {
      stopped ??= outcome;
    },
    outcome: (): Outcome => stopped ?? [...last.values()].reduce(worse, OK),
  };
}
export type SessionOutcome = ReturnType<typeof sessionOutcome>;

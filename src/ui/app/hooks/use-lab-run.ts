// Runs a lab for the app and reduces its events into view state. Bursts of
// events are coalesced: the screen redraws at most every FRAME_MS.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { errorMessage } from '../../../labs/engine-api.js';
import type { EndEvent, LabEvent } from '../../../labs/kit/events.js';
import type { Lab } from '../../../labs/kit/lab.js';
import { outcomeOfError, outcomeOfRun, type Outcome } from '../../../labs/kit/outcome.js';
import { streamLab, type RunOptions, type StartupPhase } from '../../../labs/kit/run.js';
import { asciiEvent } from '../../render/ascii.js';
import { guardRun } from '../../session/run-guard.js';
import { initialState, reduce, type LabViewState } from '../../state.js';
import type { Pacer } from '../pacer.js';

/** The screen redraws at most this often; labs that draw maps send one about this often (RunOptions.frameMs). */
export const FRAME_MS = 50;

/**
 * The run before this one, to its very end. A rerun or the next lecture step
 * waits for it (at most the runner's abort grace), so its last events reach
 * the --out file before the new run's start: streams never interleave.
 */
let previousRun: Promise<void> = Promise.resolve();

export interface LabRun {
  state: LabViewState;
  running: boolean;
  /**
   * A message when the run could not start (bad parameters, backend unavailable, a lab's
   * fault), or failed after its end event (an output file that could not take it).
   */
  failure?: string;
  /** How the run ended, once it has (as headless runs decide it: labs/outcome.ts). */
  outcome?: Outcome;
  /** Before the start event: what the run is doing. */
  phase?: StartupPhase;
  /** Ends the run now (the screen is being left): the lab stops at its next pace() or yield, not a render later. */
  stop(): void;
}

/** ascii: the lab's words made ASCII before layout (--ascii); the files still get the events as they are. */
/** onFailure: told once why a run could not start or failed outside its stream (the scrollback keeps it). */
export function useLabRun(
  lab: Lab,
  options: RunOptions,
  pacer: Pacer,
  runId: number,
  sink?: (event: LabEvent) => void,
  ascii = false,
  onFailure?: (message: string) => void,
): LabRun {
  const [run, setRun] = useState<Omit<LabRun, 'stop'>>({ state: initialState(), running: true });
  const stopRun = useRef(() => {});
  const stateRef = useRef(initialState());
  // What a run starts with, read when it starts: only another lab or runId starts a new run.
  const startingWith = useEffectEvent(() => ({ options, pacer, sink, ascii, onFailure }));

  useEffect(() => {
    const { options, pacer, ascii, sink: given, onFailure } = startingWith();
    // A lab that calls process.exit or leaves an error unhandled fails its run, not the app.
    const guard = guardRun({ signals: false, console: false });
    // A file that cannot be written ends the run, and is not written again.
    const sink = guard.guardedSink(given);
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, guard.signal]);
    let timer: NodeJS.Timeout | undefined;
    stateRef.current = initialState();
    setRun({ state: stateRef.current, running: true });
    const flush = () => {
      timer = undefined;
      setRun((previous) => ({ ...previous, state: stateRef.current }));
    };
    const after = previousRun;
    previousRun = (async () => {
      await after;
      if (controller.signal.aborted) return guard.release(); // left before it began
      try {
        const onPhase = (phase: StartupPhase) => !controller.signal.aborted && setRun((previous) => ({ ...previous, phase }));
        let end: EndEvent | undefined;
        for await (const event of streamLab(lab, { ...options, signal, pace: pacer.pace, onPhase })) {
          if (event.kind === 'end') end = event;
          // After the screen has left this run (q, another lab), the files still get its end event.
          sink(event);
          if (controller.signal.aborted) continue;
          stateRef.current = reduce(stateRef.current, ascii ? asciiEvent(event) : event);
          timer ??= setTimeout(flush, FRAME_MS);
        }
        const late = guard.lateFault(end);
        const lastLine = late ? { failure: errorMessage(late) } : {};
        if (!controller.signal.aborted) setRun({ state: stateRef.current, running: false, outcome: outcomeOfRun(end, guard.signal.reason), ...lastLine });
      } catch (err) {
        if (!controller.signal.aborted) {
          setRun({ state: stateRef.current, running: false, failure: errorMessage(err), outcome: outcomeOfError(err) });
          onFailure?.(errorMessage(err));
        }
      } finally {
        if (timer) clearTimeout(timer);
        guard.release();
      }
    })();
    const stop = () => {
      controller.abort();
      pacer.stop();
    };
    stopRun.current = stop;
    return stop;
  }, [lab, runId]);

  return { ...run, stop: () => stopRun.current() };
}

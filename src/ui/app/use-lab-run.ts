// Runs a lab for the app and reduces its events into view state. Bursts of
// events are coalesced: the screen redraws at most every FRAME_MS.
import { useEffect, useRef, useState } from 'react';
import type { LabEvent } from '../../labs/events.js';
import type { Lab } from '../../labs/lab.js';
import { runLab, type RunOptions } from '../../labs/run.js';
import { initialState, reduce, type LabViewState } from '../state.js';
import type { Pacer } from './pacer.js';

/** The screen redraws at most this often; labs that draw maps send one about this often (RunOptions.frameMs). */
export const FRAME_MS = 50;

export interface LabRun {
  state: LabViewState;
  running: boolean;
  /** A message when the run could not start (bad parameters, backend unavailable). */
  failure?: string;
}

export function useLabRun(lab: Lab, options: RunOptions, pacer: Pacer, runId: number, tap?: (event: LabEvent) => void): LabRun {
  const [run, setRun] = useState<LabRun>({ state: initialState(), running: true });
  const stateRef = useRef(initialState());

  useEffect(() => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    stateRef.current = initialState();
    setRun({ state: stateRef.current, running: true });
    const flush = () => {
      timer = undefined;
      setRun((previous) => ({ ...previous, state: stateRef.current }));
    };
    (async () => {
      try {
        for await (const event of runLab(lab, { ...options, signal: controller.signal, pace: pacer.pace })) {
          if (controller.signal.aborted) break;
          tap?.(event);
          stateRef.current = reduce(stateRef.current, event);
          timer ??= setTimeout(flush, FRAME_MS);
        }
        if (!controller.signal.aborted) setRun({ state: stateRef.current, running: false });
      } catch (err) {
        if (!controller.signal.aborted) {
          setRun({ state: stateRef.current, running: false, failure: err instanceof Error ? err.message : String(err) });
        }
      } finally {
        if (timer) clearTimeout(timer);
      }
    })();
    return () => {
      controller.abort();
      pacer.stop();
    };
    // options are fixed per run; runId changes to rerun
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lab, runId]);

  return run;
}

// Compare runs on the lab screen (c): records each finished run of the lab in
// the session's RunHistory and, while compare is on, builds the chart that
// overlays the chart in view from the last runs (compare-runs.ts).
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { Lab } from '../../../labs/kit/lab.js';
import type { Outcome } from '../../../labs/kit/outcome.js';
import { resolveParams } from '../../../labs/kit/params.js';
import type { ChartState, LabViewState } from '../../state.js';
import { compareChart, compareChartId, RunHistory, runsToCompare } from '../compare-runs.js';

export interface CompareRun {
  state: LabViewState;
  running: boolean;
  params: Record<string, unknown>;
  outcome?: Outcome;
}

export interface Compare {
  /** Turns compare on or off; says which, 'waiting' where it is on with one run so far (nothing to overlay yet), 'no-chart' where the lab draws none. */
  toggle(): 'on' | 'off' | 'waiting' | 'no-chart';
  /** The overlay to pin, while compare is on and two runs or more have a chart. */
  chart?: ChartState;
}

/** The run's parameters with the defaults filled in (as given where they do not resolve: the run fails on its own). */
function filled(lab: Lab, params: Record<string, unknown>): Record<string, unknown> {
  try {
    return resolveParams(lab.params, params);
  } catch {
    return params;
  }
}

/** suffix: added to the compared chart's title. */
export function useCompare(lab: Lab, given: RunHistory | undefined, { state, running, params, outcome }: CompareRun, suffix: string): Compare {
  const [own] = useState(() => new RunHistory());
  const history = given ?? own;
  const [on, setOn] = useState(false);
  // The lab's finished runs, read again on each recorded run: the overlay is built again with them.
  const [finished, setFinished] = useState(() => history.runs(lab.id));
  const record = useEffectEvent(() => {
    if (state.end?.status !== 'ok' || Object.keys(state.charts).length === 0) return;
    history.record(lab.id, { params: filled(lab, params), charts: state.charts, liveChart: state.liveChart ?? state.markedChart });
    setFinished(history.runs(lab.id));
  });
  useEffect(() => {
    if (outcome) record();
  }, [outcome]);
  const runs = useMemo(() => {
    const current = running ? { number: history.nextNumber, params: filled(lab, params), charts: state.charts, liveChart: state.liveChart } : undefined;
    return runsToCompare(finished, current);
  }, [running, finished, history, lab, params, state.charts, state.liveChart]);
  const chart = useMemo(() => {
    // One run alone is not a comparison: the chart in view stays as it is until a second one.
    if (!on || runs.length < 2) return undefined;
    const id = compareChartId(runs, state.liveChart ?? state.markedChart);
    return id === undefined ? undefined : compareChart(runs, id, suffix);
  }, [on, runs, state.liveChart, state.markedChart, suffix]);
  return {
    toggle: () => {
      setOn(!on);
      if (on) return 'off';
      if (Object.keys(state.charts).length === 0 && finished.length === 0) return 'no-chart';
      return runs.length < 2 ? 'waiting' : 'on';
    },
    chart,
  };
}

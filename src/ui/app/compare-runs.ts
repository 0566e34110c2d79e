// Compare runs (c on the lab screen): the last finished runs of a lab in this
// session, kept per lab, and one chart that overlays the same chart id of each,
// every curve named by what differed in its parameters (lr=0.5, optimizer=adam).
// Pure: LabScreen records runs and draws the chart this builds.
import type { ChartState, Curve } from '../state.js';

/** How many runs one compare chart overlays. */
export const COMPARE_RUNS = 3;

export interface PastRun {
  /** The run's number in this session (1, 2, …): names runs whose parameters were the same. */
  number: number;
  /** Its parameters, defaults filled in. */
  params: Record<string, unknown>;
  charts: Record<string, ChartState>;
  /** The chart it kept in view (LabViewState.liveChart / markedChart). */
  liveChart?: string;
}

/** The finished runs of each lab, the newest last; at most `keep` a lab. */
export class RunHistory {
  private readonly byLab = new Map<string, PastRun[]>();
  private count = 0;
  constructor(private readonly keep = COMPARE_RUNS) {}

  /** A run that ended: kept as the lab's newest; its number is returned. */
  record(labId: string, run: Omit<PastRun, 'number'>): number {
    const number = ++this.count;
    const runs = [...(this.byLab.get(labId) ?? []), { ...run, number }];
    this.byLab.set(labId, runs.slice(-this.keep));
    return number;
  }

  /** The number the next recorded run gets (a run in progress is named by it). */
  get nextNumber(): number {
    return this.count + 1;
  }

  runs(labId: string): readonly PastRun[] {
    return this.byLab.get(labId) ?? [];
  }
}

const shown = (value: unknown): string =>
  Array.isArray(value) ? value.join(',') : typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);

/** Longest value a legend shows whole: a model spec would push the other runs off the line. */
const LEGEND_VALUE = 16;
/** A value in a legend: "" where it is empty, shortened where it is long. */
const legendValue = (value: unknown): string => {
  const text = shown(value);
  return text === '' ? '""' : text.length > LEGEND_VALUE ? `${text.slice(0, LEGEND_VALUE - 1)}…` : text;
};

/**
 * A name for each run: the parameters whose values are not the same in all of
 * them, as name=value, in the order the runs list them; `run N` where none differ.
 */
export function runNames(runs: readonly Pick<PastRun, 'number' | 'params'>[]): string[] {
  const names = [...new Set(runs.flatMap((run) => Object.keys(run.params)))];
  const differ = names.filter((name) => new Set(runs.map((run) => shown(run.params[name]))).size > 1);
  return runs.map((run) => (differ.length > 0 ? differ.map((name) => `${name}=${legendValue(run.params[name])}`).join(' ') : `run ${run.number}`));
}

/**
 * The runs a compare chart overlays: the lab's last finished runs, and while a
 * run is in progress, it too as the newest (the oldest finished one then left out).
 */
export function runsToCompare(finished: readonly PastRun[], current: PastRun | undefined, keep = COMPARE_RUNS): PastRun[] {
  const runs = current ? [...finished.slice(-(keep - 1)), current] : finished.slice(-keep);
  return runs.slice(-keep);
}

/** The chart id to compare: the one in view now, else the newest run's. */
export function compareChartId(runs: readonly PastRun[], inView?: string): string | undefined {
  if (inView) return inView;
  for (const run of [...runs].reverse()) {
    const id = run.liveChart ?? Object.keys(run.charts)[0];
    if (id) return id;
  }
  return undefined;
}

/**
 * One chart with chart `id`'s curves from each run that has it, named by the
 * run (and by the curve, where the chart has more than one). Undefined where
 * fewer than one run has it. Its title is the newest run's, with `suffix`.
 */
export function compareChart(runs: readonly PastRun[], id: string, suffix = ''): ChartState | undefined {
  const withChart = runs.filter((run) => run.charts[id] && run.charts[id].curves.length > 0);
  if (withChart.length === 0) return undefined;
  const names = runNames(withChart);
  const curves: Curve[] = withChart.flatMap((run, i) => {
    const chart = run.charts[id];
    return chart.curves.map((curve) => ({ ...curve, name: chart.curves.length > 1 ? `${names[i]} · ${curve.name}` : names[i] }));
  });
  const title = withChart[withChart.length - 1].charts[id].title + suffix;
  return { id, title, curves };
}

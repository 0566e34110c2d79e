// What stays in the terminal's scrollback after the full-screen app: the
// alternate screen takes every frame with it, so on the way out each run is
// summed up in a few lines — lab, the parameters that differ from the
// defaults, how it ended, and its result.
import type { LabEvent, ParamValues, ResultEvent, StartEvent } from '../../labs/kit/events.js';
import { formatParam } from '../../labs/kit/params.js';
import { DEFAULT_SEED } from '../../labs/kit/run.js';
import { formatNumber } from '../format.js';
import { wrapItems } from '../render/text.js';
import { chrome } from '../text/chrome.js';

interface RunRecord {
  start: StartEvent;
  result?: ResultEvent;
  end?: Extract<LabEvent, { kind: 'end' }>;
  /** Parameters changed while it ran, in words: "--lr 0.1 → 0.8". */
  live: string[];
}

/** A run that could not start: no start event, only its lab and why. */
interface FailedRecord {
  lab: { id: string; number: number };
  message: string;
  lang?: string;
}

export interface ScrollbackRecap {
  record(event: LabEvent): void;
  /** A run of `lab` that could not start (a bad data file, a backend that cannot load): kept with its reason. */
  failed(lab: { id: string; number: number }, message: string, lang?: string): void;
  /** Parameters of the run under way changed live, in words ("--lr 0.1 → 0.8"). */
  live(changes: string): void;
  /** The lines to print once the screen is gone: one block per run, empty when nothing ran. */
  lines(defaults: (lab: string) => ParamValues | undefined, width: number): string[];
}

/** Results worth keeping: at most this many metrics per run, those on test data first (what students look for). */
const MAX_METRICS = 10;
const testFirst = (metrics: Record<string, number>) => Object.entries(metrics).sort(([a], [b]) => Number(/^test/.test(b)) - Number(/^test/.test(a)));

/** A flag's value as a shell reads it back: quoted where it is empty or holds a space or a quote. */
const shellWord = (value: string) => (/^[\w.,:+\-/=@%]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function scrollbackRecap(): ScrollbackRecap {
  const runs: (RunRecord | FailedRecord)[] = [];
  return {
    failed(lab, message, lang) {
      runs.push({ lab: { id: lab.id, number: lab.number }, message, lang });
    },
    live(changes) {
      const run = runs.at(-1);
      if (run && 'start' in run && !run.end) run.live.push(changes);
    },
    record(event) {
      if (event.kind === 'start') runs.push({ start: event, live: [] });
      const run = runs.at(-1);
      if (!run || !('start' in run)) return;
      if (event.kind === 'result') run.result = event;
      if (event.kind === 'end') run.end = event;
    },
    lines(defaults, width) {
      return runs.flatMap((run) => {
        if (!('start' in run)) {
          return [`nnlab run ${run.lab.id}`, ...wrapItems([`${chrome(run.lang).error}: ${run.message}`], ' · ', width, '    ', '    ')];
        }
        const { start, result, end, live } = run;
        const given = defaults(start.lab);
        const changed = Object.entries(start.params).filter(([name, value]) => !given || formatParam(given[name] ?? '') !== formatParam(value));
        const flags = changed.map(([name, value]) => `--${name} ${shellWord(formatParam(value))}`);
        const words = chrome(start.lang);
        const how = !end
          ? words.interrupted
          : end.status === 'ok'
            ? words.doneIn(end.elapsedMs)
            : end.status === 'error'
              ? `${words.error}: ${end.error ?? ''}`
              : words.interruptedAfter(end.elapsedMs);
        const metrics = testFirst(result?.metrics ?? {})
          .slice(0, MAX_METRICS)
          .map(([name, value]) => `${name} ${formatNumber(value)}`);
        // A command to paste: the same lab, parameters and seed again (a live change is said beside it).
        const command = ['nnlab run', start.lab, ...flags, ...(start.seed === DEFAULT_SEED ? [] : [`--seed ${start.seed}`])].join(' ');
        const changes = live.map((change) => `live: ${change}`);
        // The command alone on its line, so the whole line pastes; how the run went below it.
        return [
          command,
          ...wrapItems([start.backend, `seed ${start.seed}`, ...changes, how], ' · ', width, '    ', '    '),
          ...wrapItems(metrics, ' · ', width, '  ', '  '),
        ];
      });
    },
  };
}

// What stays in the terminal's scrollback after the full-screen app: the
// alternate screen takes every frame with it, so on the way out each run is
// summed up in a few lines — lab, the parameters that differ from the
// defaults, how it ended, and its result.
import type { LabEvent, ParamValues, ResultEvent, StartEvent } from '../../labs/kit/events.js';
import { formatParam } from '../../labs/kit/params.js';
import { formatNumber } from '../format.js';
import { wrapItems } from '../render/text.js';
import { chrome } from '../text/chrome.js';

interface RunRecord {
  start: StartEvent;
  result?: ResultEvent;
  end?: Extract<LabEvent, { kind: 'end' }>;
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
  /** The lines to print once the screen is gone: one block per run, empty when nothing ran. */
  lines(defaults: (lab: string) => ParamValues | undefined, width: number): string[];
}

/** Results worth a line: at most this many metrics per run. */
const MAX_METRICS = 6;

/** A flag's value as a shell reads it back: quoted where it is empty or holds a space or a quote. */
const shellWord = (value: string) => (/^[\w.,:+\-/=@%]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function scrollbackRecap(): ScrollbackRecap {
  const runs: (RunRecord | FailedRecord)[] = [];
  return {
    failed(lab, message, lang) {
      runs.push({ lab: { id: lab.id, number: lab.number }, message, lang });
    },
    record(event) {
      if (event.kind === 'start') runs.push({ start: event });
      const run = runs.at(-1);
      if (!run || !('start' in run)) return;
      if (event.kind === 'result') run.result = event;
      if (event.kind === 'end') run.end = event;
    },
    lines(defaults, width) {
      return runs.flatMap((run) => {
        if (!('start' in run)) {
          const command = `nnlab ${run.lab.number > 0 ? `lab ${run.lab.number} ` : ''}${run.lab.id}`;
          return wrapItems([command, `${chrome(run.lang).error}: ${run.message}`], ' · ', width, '', '    ');
        }
        const { start, result, end } = run;
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
        const metrics = Object.entries(result?.metrics ?? {})
          .slice(0, MAX_METRICS)
          .map(([name, value]) => `${name} ${formatNumber(value)}`);
        const command = [`nnlab ${start.number > 0 ? `lab ${start.number} ` : ''}${start.lab}`, ...flags].join(' ');
        return [...wrapItems([command, start.backend, `seed ${start.seed}`, how], ' · ', width, '', '    '), ...wrapItems(metrics, ' · ', width, '  ', '  ')];
      });
    },
  };
}

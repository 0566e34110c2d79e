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

export interface RunSummary {
  record(event: LabEvent): void;
  /** The lines to print once the screen is gone: one block per run, empty when nothing ran. */
  lines(defaults: (lab: string) => ParamValues | undefined, width: number): string[];
}

/** Results worth a line: at most this many metrics per run. */
const MAX_METRICS = 6;

/** A flag's value as a shell reads it back: quoted where it is empty or holds a space or a quote. */
const shellWord = (value: string) => (/^[\w.,:+\-/=@%]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

export function runSummary(): RunSummary {
  const runs: RunRecord[] = [];
  return {
    record(event) {
      if (event.kind === 'start') runs.push({ start: event });
      const run = runs.at(-1);
      if (!run) return;
      if (event.kind === 'result') run.result = event;
      if (event.kind === 'end') run.end = event;
    },
    lines(defaults, width) {
      return runs.flatMap(({ start, result, end }) => {
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

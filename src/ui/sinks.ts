// Files beside the screen or the text: the NDJSON stream (--out) and the
// metrics as CSV (--csv). Each line is written whole with a synchronous write,
// so a crash leaves every complete line readable.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { LabEvent, MetricEvent } from '../labs/events.js';

export type EventSink = (event: LabEvent) => void;

export function ndjsonFile(path: string): { sink: EventSink; close(): void } {
  const fd = openSync(path, 'w');
  return { sink: (event) => writeSync(fd, JSON.stringify(event) + '\n'), close: () => closeSync(fd) };
}

const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * One row per metric event: lab, scope, step, total, elapsed_ms, then the
 * metric names of the first event (later names that were not there are added
 * as name=value in an "extra" column rather than shifting the columns).
 */
export function metricsCsvFile(path: string, warn: (message: string) => void = (m) => process.stderr.write(m + '\n')): { sink: EventSink; close(): void } {
  const fd = openSync(path, 'w');
  let lab = '';
  let names: string[] | undefined;
  const row = (event: MetricEvent) => {
    if (!names) {
      names = Object.keys(event.values);
      writeSync(fd, ['lab', 'scope', 'step', 'total', 'elapsed_ms', ...names, 'extra'].join(',') + '\n');
    }
    const extra = Object.entries(event.values)
      .filter(([name]) => !names!.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    const cells = [lab, event.scope, event.step, event.total, event.elapsedMs === undefined ? undefined : Math.round(event.elapsedMs), ...names.map((n) => event.values[n]), extra];
    writeSync(fd, cells.map(csvCell).join(',') + '\n');
  };
  return {
    sink: (event) => {
      if (event.kind === 'start') lab = event.lab;
      if (event.kind === 'metric') row(event);
    },
    close: () => {
      if (!names) {
        writeSync(fd, 'lab,scope,step,total,elapsed_ms,extra\n');
        warn(`nnlab: --csv ${path}: lab '${lab}' reports no per-step or per-epoch metrics; the file holds only the header`);
      }
      closeSync(fd);
    },
  };
}

/** The sinks the output options ask for, as one. */
export function openSinks(options: { out?: string; csv?: string }): { sink: EventSink; close(): void } {
  const files = [...(options.out ? [ndjsonFile(options.out)] : []), ...(options.csv ? [metricsCsvFile(options.csv)] : [])];
  return {
    sink: (event) => files.forEach((f) => f.sink(event)),
    close: () => files.forEach((f) => f.close()),
  };
}

// Files beside the screen or the text: the NDJSON stream (--out) and the
// metrics as CSV (--csv). What they promise (README, "Files"):
// - nothing is touched before a run can start: the paths are checked and locked
//   when the sinks open, and a file is created at its first line;
// - each line is written whole, with a synchronous write;
// - a run's stream always ends with an end event: one cut short (q in the app,
//   SIGTERM, an uncaught error) gets an 'interrupted' end on the way out.
import { checkOutputFile, errorMessage, InputError, sameFile, shortenLongWords, takeHeldPipe } from '../../labs/engine-api.js';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { LabEvent, MetricEvent } from '../../labs/kit/events.js';
import type { RunOutput } from '../../labs/kit/outputs.js';
import { FAILURE } from '../../labs/kit/outcome.js';
import { exitCode } from './exit-code.js';
import { lockOutput } from './output-lock.js';

export type EventSink = (event: LabEvent) => void;

interface OutputFile {
  sink: EventSink;
  close(): void;
}

/**
 * A file opened (truncated) only when its first line comes; writes after close
 * are dropped. A write that fails throws an error naming the file, once.
 */
function lazyLines(path: string, flag: string): { write(line: string): void; close(): void } {
  let fd: number | undefined;
  let closed = false;
  return {
    write(line) {
      if (closed) return;
      try {
        fd ??= takeHeldPipe(path) ?? openSync(path, 'w');
        writeSync(fd, line + '\n');
      } catch (err) {
        closed = true;
        if (fd !== undefined) closeSync(fd);
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(`${flag} ${path}: cannot write it (${code === 'ENOSPC' ? 'no space left on the device' : (code ?? errorMessage(err))})`, {
          cause: err,
        });
      }
    },
    close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
    },
  };
}

function ndjsonFile(path: string): OutputFile {
  const file = lazyLines(path, '--out');
  let openRun: { started: number } | undefined;
  return {
    sink(event) {
      file.write(JSON.stringify(event));
      if (event.kind === 'start') openRun = { started: performance.now() };
      if (event.kind === 'end') openRun = undefined;
    },
    close() {
      if (openRun)
        file.write(JSON.stringify({ kind: 'end', status: 'interrupted', elapsedMs: Math.round(performance.now() - openRun.started) } satisfies LabEvent));
      openRun = undefined;
      file.close();
    },
  };
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
function metricsCsvFile(path: string, warn: (message: string) => void = (m) => process.stderr.write(m + '\n')): OutputFile {
  const file = lazyLines(path, '--csv');
  let lab = '';
  let ended: string | undefined;
  let firstWarning: string | undefined;
  let started = false;
  let names: string[] | undefined;
  const row = (event: MetricEvent) => {
    if (!names) {
      names = Object.keys(event.values);
      file.write(['lab', 'scope', 'step', 'total', 'elapsed_ms', ...names, 'extra'].map(csvCell).join(','));
    }
    const extra = Object.entries(event.values)
      .filter(([name]) => !names!.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    const cells = [
      lab,
      event.scope,
      event.step,
      event.total,
      event.elapsedMs === undefined ? undefined : Math.round(event.elapsedMs),
      ...names.map((n) => event.values[n]),
      extra,
    ];
    file.write(cells.map(csvCell).join(','));
  };
  return {
    sink: (event) => {
      if (event.kind === 'start') [lab, started] = [event.lab, true];
      if (event.kind === 'end') ended = event.status;
      if (event.kind === 'warning') firstWarning ??= event.message;
      if (event.kind === 'metric') row(event);
    },
    close: () => {
      // A run that never started leaves the file as it was.
      if (started && !names) {
        file.write('lab,scope,step,total,elapsed_ms,extra');
        // A run that failed or was stopped has said so in its own line: one line, not two.
        if (ended === 'ok') {
          // A run that stopped early (a playground diverging in its first epoch) says why: its first warning.
          warn(
            firstWarning === undefined
              ? `nnlab: --csv ${path}: lab '${lab}' reports no per-step or per-epoch metrics; the file holds only the header`
              : `nnlab: --csv ${path}: the run ended before its first metric (${shortenLongWords(firstWarning.split('\n')[0])}); the file holds only the header`,
          );
        }
      }
      file.close();
    },
  };
}

/** The files --out and --csv name, each with its flag. */
export const outputFiles = (options: { out?: string; csv?: string }): RunOutput[] => [
  ...(options.out !== undefined ? [{ flag: '--out', path: options.out }] : []),
  ...(options.csv !== undefined ? [{ flag: '--csv', path: options.csv }] : []),
];

/**
 * The sinks the output options ask for, as one. Checks the paths and takes the
 * files' locks now (an InputError); creates the files at the first event.
 */
export function openSinks(options: { out?: string; csv?: string }): OutputFile {
  const { out, csv } = options;
  if (out !== undefined && csv !== undefined && sameFile(out, csv)) {
    throw new InputError(`--out and --csv name the same file (${out}): give each its own`);
  }
  const targets = outputFiles(options);
  for (const { flag, path } of targets) checkOutputFile(path, `${flag} ${path}`);
  const locks: (() => void)[] = [];
  try {
    for (const { flag, path } of targets) locks.push(lockOutput(path, flag));
  } catch (err) {
    locks.forEach((release) => release());
    throw err;
  }
  const files = [...(out !== undefined ? [ndjsonFile(out)] : []), ...(csv !== undefined ? [metricsCsvFile(csv)] : [])];
  const close = () => {
    process.off('exit', close);
    for (const file of files) {
      try {
        file.close();
      } catch (err) {
        // The run's outcome is known by now: the file's failure is said, and fails the exit code.
        process.stderr.write(`nnlab: ${errorMessage(err)}\n`);
        process.exitCode = exitCode(FAILURE);
      }
    }
    for (const release of locks) release();
  };
  // Every way out but SIGKILL (process.exit in a signal handler included) finishes the files.
  process.on('exit', close);
  return { sink: (event) => files.forEach((f) => f.sink(event)), close };
}

// Headless runs: text lines or NDJSON on stdout, messages on stderr, and an
// exit code that says how the run ended. No Ink is loaded on this path.
import type { LabEvent } from '../labs/events.js';
import type { Lab } from '../labs/lab.js';
import { shortenLongWords } from '../labs/engine-api.js';
import { InterruptedError, LabFault, runLab, type RunOptions } from '../labs/run.js';
import type { DrawStyle } from './render/style.js';
import { guardRun, stdoutFailure } from './run-guard.js';
import { createTextReporter } from './text/reporter.js';
import { stderrProgress } from './text/stderr-progress.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface HeadlessOptions {
  json: boolean;
  quiet: boolean;
  style: DrawStyle;
  /** Draw a progress line on stderr (stdout is a file or a pipe, stderr a terminal). */
  progress?: { columns: number };
  /** Also given every event (the --out and --csv files). */
  tap?: (event: LabEvent) => void;
  write?: (text: string) => void;
  writeError?: (text: string) => void;
}

/** The exit code of a run from its end event; `signalCode` is what interrupted it, if a signal did. */
function exitCodeFor(end: LabEvent | undefined, signalCode?: number): number {
  if (!end || end.kind !== 'end') return EXIT.failed;
  if (end.status === 'error') return end.errorKind === 'input' ? EXIT.usage : EXIT.failed;
  return end.status === 'ok' ? EXIT.ok : (signalCode ?? EXIT.interrupted);
}

/**
 * Runs one lab to completion. SIGINT, SIGTERM and SIGHUP stop it cleanly: the
 * stream still ends with an 'interrupted' end event, and the exit code is 130, 143 or 129.
 */
export async function runHeadless(lab: Lab, options: RunOptions, output: HeadlessOptions): Promise<number> {
  // The real stdout, taken before the guard sends the lab's own writes to stderr.
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const write =
    output.write ??
    ((text: string) => {
      stdoutWrite(text);
      // A write that failed (a full disk) marks the stream at once; its 'error' event comes only later.
      // (A closed pipe, `| head`, is not a failure: its error event ends nnlab quietly.)
      const broken = process.stdout.errored as NodeJS.ErrnoException | null;
      if (broken && broken.code !== 'EPIPE') stdoutFailure.failRuns(broken);
    });
  const writeError = output.writeError ?? ((text: string) => process.stderr.write(text));
  const consume = output.json
    ? (event: LabEvent) => write(JSON.stringify(event) + '\n')
    : createTextReporter((line) => write(line + '\n'), { style: output.style, quiet: output.quiet });

  const progress = output.progress && stderrProgress(writeError, { columns: output.progress.columns, ascii: output.style.ascii });
  const guard = guardRun({ signals: true, console: true });
  // A file that cannot take its next line (a full disk) ends the run as failed, and is not written again.
  let tap = (event: LabEvent) => {
    try {
      output.tap?.(event);
    } catch (err) {
      tap = () => {};
      guard.fail(err);
    }
  };
  let last: LabEvent | undefined;
  try {
    // runLab throws ParamError before any event; the caller maps it to a usage error.
    for await (const event of runLab(lab, { ...options, signal: guard.signal })) {
      consume(event);
      if (progress) progress.consume(event);
      tap(event);
      last = event;
    }
  } catch (err) {
    // Stopped before the start event (a signal while the backend loaded or the lab read its data): no stream to end.
    if (!(err instanceof InterruptedError)) throw err;
    writeError(`nnlab: interrupted before lab '${lab.id}' started\n`);
    return guard.signalExitCode() ?? EXIT.interrupted;
  } finally {
    guard.release();
    if (progress) progress.clear();
  }
  // A file that failed on the very last line (the end event): the stream was done, the run was not.
  if (last?.kind === 'end' && last.status !== 'error' && guard.signal.reason instanceof LabFault) {
    writeError(`nnlab: ${shortenLongWords(guard.signal.reason.message)}\n`);
    return EXIT.failed;
  }
  if (last?.kind === 'end' && last.status === 'error') {
    const error = shortenLongWords(last.error ?? '');
    writeError(last.errorKind === 'input' ? `nnlab: ${error}\n` : `nnlab: lab '${lab.id}' failed: ${error}\n`);
  }
  return exitCodeFor(last, guard.signalExitCode());
}

// Headless runs: text lines or NDJSON on stdout, messages on stderr, and an
// outcome that says how the run ended. No Ink is loaded on this path.
import { errorMessage, shortenLongWords } from '../../labs/engine-api.js';
import type { LabEvent } from '../../labs/kit/events.js';
import type { Lab } from '../../labs/kit/lab.js';
import { INPUT, isInterruption, outcomeOfError, outcomeOfRun, type Outcome } from '../../labs/kit/outcome.js';
import { ParamError } from '../../labs/kit/params.js';
import { streamLab, type RunOptions } from '../../labs/kit/run.js';
import { sessionOutcome } from './exit-code.js';
import type { DrawStyle } from '../render/style.js';
import { guardLecture, guardRun, stdoutFailure } from './run-guard.js';
import { createTextReporter } from '../text/reporter.js';
import { stderrProgress } from '../text/stderr-progress.js';
import { initialState, reduce } from '../state.js';
import { savePlots, savedPlotsWords } from '../plots/write-plots.js';

export interface HeadlessOptions {
  json: boolean;
  quiet: boolean;
  style: DrawStyle;
  /** Draw a progress line on stderr, a terminal; sharesScreen: stdout is that terminal too (--plain), so each line of the run is written above it. */
  progress?: { columns: number; sharesScreen?: boolean };
  /** Also given every event (the --out and --csv files). */
  sink?: (event: LabEvent) => void;
  write?: (text: string) => void;
  writeError?: (text: string) => void;
  /** Text written to stdout just before the run's start event (a lecture's "=== 2/3 … ===" line): not for a run that never starts. */
  header?: string;
  /** --plots: the folder the run's pictures go to, as SVG files, once it has ended. */
  plots?: string;
  /** stdout is a terminal (--plain there): lines fit its width. */
  terminal?: boolean;
}

/**
 * What went wrong before a run began (bad parameters, a data file, a forced backend
 * that cannot load, a lab's fault while it prepared) or outside any run: one line
 * on stderr, and its outcome.
 */
export function reportError(err: unknown, writeError: (text: string) => void = (text) => process.stderr.write(text), lang?: string): Outcome {
  const outcome = outcomeOfError(err);
  // A parameter's error in the run's language where it has one.
  const message = err instanceof ParamError && lang === 'zh-TW' ? err.localized['zh-TW'] : err instanceof Error ? err.message : '';
  writeError(`nnlab: ${outcome.kind === 'input' && err instanceof Error ? shortenLongWords(message) : errorMessage(err)}\n`);
  return outcome;
}

/**
 * Runs one lab to completion. SIGINT, SIGTERM and SIGHUP stop it cleanly: the
 * stream still ends with an 'interrupted' end event, and the outcome names the signal.
 * What fails before the start event is thrown (reportError says it), so a lecture stops there.
 */
export async function runHeadless(lab: Lab, options: RunOptions, output: HeadlessOptions): Promise<Outcome> {
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
  const progress = output.progress && stderrProgress(writeError, { columns: output.progress.columns, ascii: output.style.ascii });
  // On one screen with the progress line (as tqdm.write): the line goes, the run's line is written, the progress comes back.
  const writeOut =
    progress && output.progress?.sharesScreen
      ? (text: string) => {
          progress.clear();
          write(text);
          progress.redraw();
        }
      : write;
  const consume = output.json
    ? (event: LabEvent) => writeOut(JSON.stringify(event) + '\n')
    : createTextReporter((line) => writeOut(line + '\n'), { style: output.style, quiet: output.quiet, terminal: output.terminal });

  const guard = guardRun({ signals: true, console: true });
  // A file that cannot take its next line (a full disk) ends the run as failed, and is not written again.
  const sink = guard.guardedSink(output.sink);
  let last: LabEvent | undefined;
  // The pictures to keep come from the view state every front end draws.
  let view = initialState();
  try {
    // streamLab throws a ParamError (an input error) before any event; the caller reports it.
    for await (const event of streamLab(lab, { ...options, signal: guard.signal })) {
      if (event.kind === 'start' && output.header) writeOut(output.header);
      consume(event);
      if (progress) progress.consume(event);
      sink(event);
      if (output.plots) view = reduce(view, event);
      last = event;
    }
  } catch (err) {
    // Stopped before the start event (a signal while the backend loaded or the lab read its data): no stream to end.
    if (!isInterruption(err)) throw err;
    writeError(`nnlab: interrupted before lab '${lab.id}' started\n`);
    return outcomeOfError(err, guard.stoppedBy());
  } finally {
    guard.release();
    if (progress) progress.clear();
  }
  const end = last?.kind === 'end' ? last : undefined;
  if (end?.status === 'error') {
    const error = shortenLongWords(end.error ?? '');
    writeError(end.errorKind === 'input' ? `nnlab: ${error}\n` : `nnlab: lab '${lab.id}' failed: ${error}\n`);
  } else {
    const late = guard.lateFault(end);
    if (late) writeError(`nnlab: ${shortenLongWords(late.message)}\n`);
  }
  const outcome = outcomeOfRun(end, guard.signal.reason, guard.stoppedBy());
  if (output.plots && view.start) {
    const saved = await savePlots(view, output.plots);
    writeError(`nnlab: ${savedPlotsWords(saved)}\n`);
    if (saved.error && outcome.kind === 'ok') return INPUT;
  }
  return outcome;
}

/**
 * A lecture's labs one after another: the worst of their outcomes; an interruption ends
 * it at once, also one that comes between two labs (the lecture holds the signals throughout).
 */
export async function runLectureSteps<T>(steps: readonly T[], run: (step: T, index: number) => Promise<Outcome>): Promise<Outcome> {
  const session = sessionOutcome();
  const lecture = guardLecture();
  try {
    for (const [i, step] of steps.entries()) {
      // A turn of the event loop between labs: a lab that never waits runs in one chain of
      // promises, and a signal is only heard when the loop turns.
      await new Promise((resolve) => setImmediate(resolve));
      const before = lecture.stoppedBy();
      if (before) return { kind: 'interrupted', signal: before };
      const outcome = await run(step, i);
      if (outcome.kind === 'interrupted') return outcome;
      session.ended(outcome, i);
    }
    const after = lecture.stoppedBy();
    return after ? { kind: 'interrupted', signal: after } : session.outcome();
  } finally {
    lecture.release();
  }
}

#!/usr/bin/env node
// The entry point: parse the command line once into an action, decide once
// whether it runs as the full-screen app (a terminal, and no --json/--plain)
// or headless, and end with the outcome's exit code (ui/session/exit-code.ts: 0 success,
// 1 a failure, 2 a usage error, 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP).
import { parseCommandLine, type Action } from './cli/parse.js';
import { UsageError } from './cli/usage-error.js';
import type { OutputOptions } from './cli/command-line.js';
import { listJson, listLines } from './cli/list.js';
import type { Lecture } from './labs/kit/lecture.js';
import type { Lab } from './labs/kit/lab.js';
import { FAILURE, INPUT, OK, type Outcome } from './labs/kit/outcome.js';
import { labs } from './labs/registry.js';
import { doctor, shortenLongWords } from './labs/engine-api.js';
import { importApp } from './ui/app/import-app.js';
import { runOptionsOf, type AppSettings } from './ui/session/settings.js';
import { exitCode } from './ui/session/exit-code.js';
import { reportError, runHeadless, runLectureSteps } from './ui/session/headless.js';
import type { DrawStyle } from './ui/render/style.js';
import { exitProcess, installCrashHandlers, stdoutFailure } from './ui/session/run-guard.js';
import { openSinks, outputFiles, type EventSink } from './ui/session/sinks.js';

/** The full-screen app needs a terminal on both ends, and one that can draw it (TERM=dumb cannot: plain text there). */
const interactiveTerminal = () => Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env.TERM !== 'dumb';

function textStyle(ascii: boolean): DrawStyle {
  const terminal = Boolean(process.stdout.isTTY);
  const width = terminal ? Math.max(40, process.stdout.columns || 80) : 80;
  // Braille charts only on a terminal that draws Unicode (--plain there): files and pipes keep one glyph per row.
  return { width, color: false, ascii, braille: terminal && !ascii && process.env.TERM !== 'dumb' };
}

/** The full-screen app, from the menu or straight into a lab or a lecture. */
async function startApp(
  settings: AppSettings,
  start: { lab?: Lab; params?: Record<string, unknown>; lecture?: Lecture; output?: OutputOptions } = {},
): Promise<Outcome> {
  // Ink draws only its last frame when CI or CONTINUOUS_INTEGRATION is set (it reads them
  // once, at import). The app starts only on a terminal, where someone watches every frame.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Ink and React load only here: headless runs never pay for them.
  const { runApp } = await importApp();
  const sinks = openSinks(start.output ?? {});
  try {
    return await runApp(
      labs,
      { ...settings, outputs: outputFiles(start.output ?? {}), plots: start.output?.plots },
      { lab: start.lab, params: start.params, lecture: start.lecture, sink: sinks.sink },
    );
  } finally {
    sinks.close();
  }
}

/** Runs `body` with the --out and --csv files open (one set for a whole lecture). */
async function withSinks(output: OutputOptions, body: (sink: EventSink) => Promise<Outcome>): Promise<Outcome> {
  const sinks = openSinks(output);
  try {
    return await body(sinks.sink);
  } finally {
    sinks.close();
  }
}

/** A progress line on stderr when it is a terminal (as tqdm): below the run's lines where stdout is that terminal too (--plain). */
const stderrProgress = (output: OutputOptions) =>
  !output.quiet && process.stderr.isTTY ? { columns: process.stderr.columns || 80, sharesScreen: Boolean(process.stdout.isTTY) } : undefined;

/** One lab run headless with the session's files already open (a lecture's step, or a run alone). */
function headlessStep(lab: Lab, run: Parameters<typeof runHeadless>[1], output: OutputOptions, sink: EventSink, header?: string): Promise<Outcome> {
  return runHeadless(
    lab,
    { ...run, outputs: outputFiles(output) },
    {
      json: output.json,
      quiet: output.quiet,
      style: textStyle(output.ascii),
      sink,
      progress: stderrProgress(output),
      header,
      plots: output.plots,
      terminal: Boolean(process.stdout.isTTY),
    },
  );
}

/** One lab run headless, with its own --out and --csv files. */
const headlessLab = (lab: Lab, run: Parameters<typeof runHeadless>[1], output: OutputOptions) =>
  withSinks(output, (sink) => headlessStep(lab, run, output, sink));

/** A lecture, one lab after another: the worst of their outcomes; a signal ends it at once. */
function headlessLecture(lecture: Lecture, output: OutputOptions, settings: AppSettings): Promise<Outcome> {
  return withSinks(output, (sink) =>
    runLectureSteps(lecture.steps, (step, i) =>
      headlessStep(
        step.lab,
        {
          ...runOptionsOf(settings, { params: step.params, seed: step.seed }),
          lecture: { step: i + 1, count: lecture.steps.length, ...(step.title ? { title: step.title } : {}) },
        },
        output,
        sink,
        // Said when the lab starts: a lecture whose backend cannot load prints no step for it.
        output.json ? undefined : `${i > 0 ? '\n' : ''}=== ${i + 1}/${lecture.steps.length} ${step.title ?? step.lab.id} ===\n`,
      ),
    ),
  );
}

async function perform(action: Action): Promise<Outcome> {
  switch (action.kind) {
    case 'print':
      process.stdout.write(action.stdout);
      process.stderr.write(shortenLongWords(action.stderr));
      return action.outcome;
    case 'menu':
      if (interactiveTerminal()) return startApp(action.app);
      process.stdout.write(
        [
          'nnlab labs:',
          ...listLines(action.app.lang),
          '',
          "Run one with 'nnlab run <number|id>' (add --json for JSON lines); 'nnlab run <lab> --help' lists its flags.",
        ].join('\n') + '\n',
      );
      return OK;
    case 'list':
      process.stdout.write((action.json ? listJson(action.lang) : listLines(action.lang).join('\n')) + '\n');
      return OK;
    case 'run':
      if (interactiveTerminal() && !action.output.json && !action.output.plain) {
        return startApp(action.app, { lab: action.lab, params: action.run.params, output: action.output });
      }
      return headlessLab(action.lab, action.run, action.output);
    case 'summary': {
      const { summaryLab } = await import('./labs/course/summary/lab.js');
      return headlessLab(summaryLab, action.run, action.output);
    }
    case 'play':
      if (interactiveTerminal() && !action.output.json && !action.output.plain) return startApp(action.app, { lecture: action.lecture, output: action.output });
      return headlessLecture(action.lecture, action.output, action.app);
    case 'config': {
      const { settingsPath, settingsReport, writeSetting } = await import('./cli/settings-file.js');
      const { CommandLine } = await import('./cli/command-line.js');
      const { renderConfig } = await import('./cli/config-view.js');
      if (action.change) {
        const path = settingsPath(process.env);
        if (!path) throw new UsageError('nnlab config: no place for the settings file: set HOME or XDG_CONFIG_HOME');
        writeSetting(path, action.change.key, action.change.value);
      }
      // As a run without flags takes them: from the environment, the file, or nnlab's defaults.
      const app = new CommandLine(process.env).app({});
      const report = settingsReport(process.env, { theme: app.theme, lang: app.lang, ascii: app.ascii, mouse: app.mouse !== false });
      process.stdout.write(action.json ? JSON.stringify(report) + '\n' : renderConfig(report).join('\n') + '\n');
      return OK;
    }
    case 'doctor': {
      const { renderDoctor } = await import('./ui/doctor-view.js');
      const report = await doctor(action.backend, { threads: action.threads, gpu: action.gpu });
      process.stdout.write(action.json ? JSON.stringify(report) + '\n' : renderDoctor(report).join('\n') + '\n');
      // No backend to choose: the one asked for cannot load; said on stderr too, as every refusal is.
      if (!report.chosen) process.stderr.write(`nnlab: ${shortenLongWords(report.chosenError ?? `backend '${action.backend}' cannot be used`)}\n`);
      return report.chosen ? OK : INPUT;
    }
  }
}

/** The language the action runs in, for an error found while carrying it out. */
function actionLang(action: Action | undefined): string | undefined {
  if (!action) return undefined;
  if ('app' in action) return action.app.lang;
  if ('run' in action) return action.run.lang;
  return 'lang' in action ? action.lang : undefined;
}

async function main(argv: string[]): Promise<Outcome> {
  let action: Action | undefined;
  try {
    action = await parseCommandLine(argv);
    return await perform(action);
  } catch (err) {
    // Errors found while carrying the action out: input ones (a parameter combination, a data
    // file, a forced backend, an output file) or failures (a lab's fault before its start).
    return reportError(err, undefined, actionLang(action));
  }
}

// A closed pipe (`nnlab run … | head`) ends the output quietly; any other
// failure to write it (a full disk, /dev/full) is one line and exit 1.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') exitProcess(exitCode(OK));
  // A run in progress fails with it, and says so itself.
  if (stdoutFailure.failRuns(err)) return;
  process.stderr.write(`nnlab: ${stdoutFailure.message(err)}\n`);
  exitProcess(exitCode(FAILURE));
});
// A stderr that cannot be written (2>/dev/full) leaves nowhere to say anything: the exit code still tells.
process.stderr.on('error', () => {});
const crashes = installCrashHandlers((message) => {
  // Written on the way out, after the app has left the alternate screen (its exit handler runs first).
  process.once('exit', () => process.stderr.write(`nnlab: ${message}\n`));
  exitProcess(exitCode(FAILURE));
});

// An output file that failed while closing has set a failure's code already (ui/session/sinks.ts): the worse code wins.
const code = Math.max(exitCode(await main(process.argv.slice(2))), Number(process.exitCode ?? 0));
crashes.finished();
process.exitCode = code;
// Work a lab left behind (a timer, a stuck promise) must not keep nnlab from exiting.
setTimeout(() => exitProcess(code), 200).unref();

#!/usr/bin/env node
// The entry point: parse the command line once into an action, decide once
// whether it runs as the full-screen app (a terminal, and no --json/--plain)
// or headless, and map every way of ending to an exit code:
// 0 success, 1 a run that failed, 2 a usage error, 130 interrupted.
import { listJson, listLines, parseCommandLine, type Action, type OutputOptions } from './cli/parse.js';
import type { PlayScript } from './labs/script.js';
import type { Lab } from './labs/lab.js';
import { labs } from './labs/registry.js';
import { BackendUnavailableError, doctor, InputError } from './labs/run.js';
import type { AppSettings } from './ui/app/settings.js';
import { EXIT, runHeadless } from './ui/headless.js';
import type { DrawStyle } from './ui/render/style.js';
import { openSinks } from './ui/sinks.js';

const interactiveTerminal = () => Boolean(process.stdout.isTTY && process.stdin.isTTY);

function textStyle(ascii: boolean): DrawStyle {
  const width = process.stdout.isTTY ? Math.max(40, process.stdout.columns || 80) : 80;
  return { width, color: false, ascii };
}

async function startApp(settings: AppSettings, start: { lab?: Lab; params?: Record<string, unknown>; script?: PlayScript; output?: OutputOptions } = {}): Promise<number> {
  // Ink draws only its last frame when CI or CONTINUOUS_INTEGRATION is set (it reads them
  // once, at import). The app starts only on a terminal, where someone watches every frame.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Ink and React load only here: headless runs never pay for them.
  const { runApp } = await import('./ui/app/run-app.js');
  const sinks = openSinks(start.output ?? {});
  try {
    return await runApp(labs, settings, { lab: start.lab, params: start.params, script: start.script, tap: sinks.sink });
  } finally {
    sinks.close();
  }
}

async function headless(lab: Lab, run: Parameters<typeof runHeadless>[1], output: OutputOptions): Promise<number> {
  const sinks = openSinks(output);
  try {
    return await runHeadless(lab, run, { json: output.json, quiet: output.quiet, style: textStyle(output.ascii), tap: sinks.sink });
  } finally {
    sinks.close();
  }
}

async function playHeadless(script: PlayScript, output: OutputOptions, settings: AppSettings): Promise<number> {
  let worst: number = EXIT.ok;
  for (const [i, step] of script.steps.entries()) {
    if (!output.json) process.stdout.write(`${i > 0 ? '\n' : ''}=== ${i + 1}/${script.steps.length} ${step.title ?? step.lab.id} ===\n`);
    const code = await headless(step.lab, { params: step.params, seed: step.seed ?? settings.seed, backend: settings.backend, lang: settings.lang }, output);
    worst = Math.max(worst, code);
    if (code === EXIT.interrupted) break;
  }
  return worst;
}

async function perform(action: Action): Promise<number> {
  switch (action.kind) {
    case 'print':
      process.stdout.write(action.stdout);
      process.stderr.write(action.stderr);
      return action.exitCode;
    case 'menu':
      if (interactiveTerminal()) return startApp(action.app);
      process.stdout.write(['nnlab labs:', ...listLines(action.app.lang), '', "Run one with 'nnlab run <number|id>' (add --json for JSON lines); 'nnlab run <lab> --help' lists its flags."].join('\n') + '\n');
      return EXIT.ok;
    case 'list':
      process.stdout.write((action.json ? listJson(action.lang) : listLines(action.lang).join('\n')) + '\n');
      return EXIT.ok;
    case 'run':
      if (interactiveTerminal() && !action.output.json && !action.output.plain) {
        return startApp(action.app, { lab: action.lab, params: action.run.params, output: action.output });
      }
      return headless(action.lab, action.run, action.output);
    case 'summary': {
      const { summaryLab } = await import('./labs/summary.js');
      return headless(summaryLab, action.run, action.output);
    }
    case 'play':
      if (interactiveTerminal() && !action.output.json && !action.output.plain) return startApp(action.app, { script: action.script, output: action.output });
      return playHeadless(action.script, action.output, action.app);
    case 'doctor': {
      const { renderDoctor } = await import('./ui/doctor-view.js');
      const report = await doctor(action.backend);
      process.stdout.write(action.json ? JSON.stringify(report) + '\n' : renderDoctor(report).join('\n') + '\n');
      return report.chosen ? EXIT.ok : EXIT.usage;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    return await perform(await parseCommandLine(argv));
  } catch (err) {
    // Input errors found while running (a parameter combination, a data file, a forced backend).
    if (err instanceof InputError || err instanceof BackendUnavailableError) {
      process.stderr.write(`nnlab: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`nnlab: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failed;
  }
}

// A closed pipe (`nnlab run … | head`) ends the output, not with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));

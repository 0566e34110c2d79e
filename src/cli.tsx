#!/usr/bin/env node
// Parses the command line, decides once whether this is the full-screen app or
// a headless run, and maps every way of failing to an exit code:
// 0 success, 1 a run that failed, 2 a usage error, 130 interrupted.
import { Command, CommanderError, Option } from 'commander';
import { isLang, langFromEnv, pick, type Lang } from './labs/i18n.js';
import type { Lab } from './labs/lab.js';
import { allowedValues, formatParam, ParamError, parseParam, type ParamSpec } from './labs/params.js';
import { findLab, getLab, labs } from './labs/registry.js';
import { summaryLab } from './labs/summary.js';
import { BACKEND_CHOICES, BackendUnavailableError, DEFAULT_SEED, isBackendChoice, type BackendChoice } from './labs/run.js';
import { EXIT, runHeadless } from './ui/headless.js';
import type { DrawStyle } from './ui/render/style.js';
import { VERSION } from './version.js';

class UsageError extends Error {}

interface CommonOptions {
  backend?: string;
  lang?: string;
  color: boolean;
  ascii?: boolean;
  seed?: string;
  delay?: string;
}

function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--backend <name>', `compute backend: ${BACKEND_CHOICES.join('|')} (env NNLAB_BACKEND)`))
    .option('--seed <n>', `random seed, an integer ≥ 0 (default ${DEFAULT_SEED})`)
    .option('--lang <lang>', 'language: en|zh-TW (default from LANG)')
    .option('--no-color', 'no colour (NO_COLOR is respected too)')
    .option('--ascii', 'draw with ASCII only, no box-drawing characters')
    .option('--delay <ms>', 'full-screen app: wait this long between steps (lectures)');
}

function backendOf(options: CommonOptions): BackendChoice {
  const value = options.backend ?? process.env.NNLAB_BACKEND ?? 'auto';
  if (!isBackendChoice(value)) {
    const from = options.backend ? '--backend' : 'NNLAB_BACKEND';
    throw new UsageError(`${from} must be one of ${BACKEND_CHOICES.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value;
}

function langOf(options: CommonOptions): Lang {
  if (options.lang === undefined) return langFromEnv();
  if (!isLang(options.lang)) throw new UsageError(`--lang must be en or zh-TW (got ${JSON.stringify(options.lang)})`);
  return options.lang;
}

function nonNegativeInt(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > max) throw new UsageError(`${flag} must be an integer from 0 to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

function colorOf(options: CommonOptions): boolean {
  return options.color && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

const interactiveTerminal = () => Boolean(process.stdout.isTTY && process.stdin.isTTY);

function textStyle(options: CommonOptions): DrawStyle {
  const width = process.stdout.isTTY ? Math.max(40, process.stdout.columns || 80) : 80;
  return { width, color: false, ascii: Boolean(options.ascii) };
}

async function startApp(options: CommonOptions, lab?: Lab, params?: Record<string, unknown>): Promise<number> {
  // Ink and React load only here: headless runs never pay for them.
  const { runApp } = await import('./ui/app/run-app.js');
  return runApp(
    labs,
    {
      lang: langOf(options),
      color: colorOf(options),
      ascii: Boolean(options.ascii),
      backend: backendOf(options),
      seed: nonNegativeInt('--seed', options.seed, 2 ** 32 - 1),
      delayMs: nonNegativeInt('--delay', options.delay, 60_000),
    },
    lab,
    params,
  );
}

function listLines(lang: Lang): string[] {
  return labs.map((lab) => `${String(lab.number).padStart(2)}  ${lab.id.padEnd(9)} ${pick(lab.title, lang)} — ${pick(lab.summary, lang)}`);
}

function listJson(lang: Lang): string {
  return JSON.stringify(
    labs.map((lab) => ({
      number: lab.number,
      id: lab.id,
      title: pick(lab.title, lang),
      summary: pick(lab.summary, lang),
      params: lab.params.map((spec) => ({ ...spec, help: pick(spec.help, lang), allowed: allowedValues(spec) })),
    })),
  );
}

/** One CLI option per declared parameter; values are parsed by parseParam after commander collects them. */
function paramOption(spec: ParamSpec, lang: Lang): Option {
  const help = `${pick(spec.help, lang)} — ${allowedValues(spec)} (default ${formatParam(spec.default)})`;
  return spec.type === 'boolean' ? new Option(`--${spec.name}`, help) : new Option(`--${spec.name} <value>`, help);
}

function collectParams(lab: Lab, command: Command): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const spec of lab.params) {
    const option = command.options.find((o) => o.long === `--${spec.name}`);
    const value = option ? command.getOptionValue(option.attributeName()) : undefined;
    if (value === undefined) continue;
    given[spec.name] = typeof value === 'string' ? parseParam(spec, value) : value;
  }
  return given;
}

function buildProgram(argv: string[], setExit: (code: number) => void): Command {
  const lang = langFromEnv();
  const program = new Command('nnlab')
    .description('A terminal lab for deep-learning basics, on TensorFlow.js.\nWithout a command, in a terminal: the full-screen lab menu.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    // Options after a command belong to that command (run has its own --backend, --seed, …).
    .enablePositionalOptions()
    .configureOutput({ outputError: (text, write) => write(text) })
    .usage('[options] [command]')
    .showSuggestionAfterError(true);
  addCommonOptions(program)
    .argument('[command]')
    .action(async (unknown: string | undefined, options: CommonOptions) => {
    if (unknown !== undefined) {
      const hint = findLab(unknown) ? ` (to run lab '${unknown}': nnlab run ${unknown})` : '';
      throw new UsageError(`unknown command '${unknown}'${hint}: the commands are run, list, doctor`);
    }
    if (interactiveTerminal()) {
      setExit(await startApp(options));
      return;
    }
    process.stdout.write(['nnlab labs:', ...listLines(langOf(options)), '', "Run one with 'nnlab run <number|id>' (add --json for JSON lines); 'nnlab run <lab> --help' lists its flags."].join('\n') + '\n');
  });

  program
    .command('list')
    .description('list the labs: number, id, title, summary')
    .option('--json', 'one JSON array with each lab and its parameters')
    .option('--lang <lang>', 'language: en|zh-TW')
    .action((options: { json?: boolean; lang?: string }) => {
      const chosen = langOf({ ...options, color: false });
      process.stdout.write((options.json ? listJson(chosen) : listLines(chosen).join('\n')) + '\n');
    });

  // The run command carries the named lab's own flags, so commander parses and documents them.
  const runIndex = argv.indexOf('run');
  const lab = runIndex >= 0 && argv[runIndex + 1] && !argv[runIndex + 1].startsWith('-') ? findLab(argv[runIndex + 1]) : undefined;
  const run = program
    .command('run')
    .argument('<lab>', `lab number or id: ${labs.map((l) => `${l.number} ${l.id}`).join(', ')}`)
    .description(lab ? `${pick(lab.title, lang)}: ${pick(lab.summary, lang)}` : 'run a lab: text in a pipe, the full-screen app in a terminal')
    .option('--json', 'write one LabEvent per line (NDJSON) and nothing else on stdout')
    .option('--plain', 'text output even in a terminal')
    .option('--quiet', 'text mode: print only the result');
  addCommonOptions(run);
  for (const spec of lab?.params ?? []) run.addOption(paramOption(spec, lang));
  run.action(async (key: string, options: CommonOptions & { json?: boolean; plain?: boolean; quiet?: boolean }, command: Command) => {
    const chosen = getLab(key);
    const params = collectParams(chosen, command);
    const backend = backendOf(options);
    const seed = nonNegativeInt('--seed', options.seed, 2 ** 32 - 1);
    const runLang = langOf(options);
    if (interactiveTerminal() && !options.json && !options.plain) {
      setExit(await startApp(options, chosen, params));
      return;
    }
    setExit(
      await runHeadless(chosen, { params, backend, seed, lang: runLang }, { json: Boolean(options.json), quiet: Boolean(options.quiet), style: textStyle(options) }),
    );
  });

  // `summary` is a run of the summary tool lab: same flags machinery, same output modes.
  const summary = program
    .command('summary')
    .description('print(model) and a torchinfo-style summary: nnlab summary --model "…" --input C,H,W [--batch-size N]')
    .option('--json', 'write one LabEvent per line (NDJSON)')
    .option('--quiet', 'print only the result');
  for (const spec of summaryLab.params) summary.addOption(paramOption(spec, lang));
  summary.action(async (options: { json?: boolean; quiet?: boolean }, command: Command) => {
    const params = collectParams(summaryLab, command);
    setExit(await runHeadless(summaryLab, { params, backend: 'cpu', lang }, { json: Boolean(options.json), quiet: Boolean(options.quiet), style: textStyle({ color: false }) }));
  });

  program
    .command('doctor')
    .description('report versions, backends (loaded or failed, and why), the device, and what the GPU path lacks')
    .option('--json', 'the report as one JSON object')
    .option('--backend <name>', `backend to choose: ${BACKEND_CHOICES.join('|')}`)
    .action(async (options: { json?: boolean; backend?: string }) => {
      const { doctor } = await import('./engine/doctor.js');
      const { renderDoctor } = await import('./ui/doctor-view.js');
      const report = await doctor(backendOf({ ...options, color: false }));
      process.stdout.write(options.json ? JSON.stringify(report) + '\n' : renderDoctor(report).join('\n') + '\n');
      if (!report.chosen) setExit(EXIT.usage);
    });
  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    await buildProgram(argv, (code) => (exitCode = code)).parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version "fail" with exit code 0; commander already printed its message
      if (err.exitCode === 0) return EXIT.ok;
      process.stderr.write("Run 'nnlab --help' (or 'nnlab run <lab> --help') for the allowed flags.\n");
      return EXIT.usage;
    }
    if (err instanceof UsageError || err instanceof ParamError || err instanceof BackendUnavailableError) {
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

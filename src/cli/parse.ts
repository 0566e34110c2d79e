// The command line, parsed once into an Action: what to do and with what
// options. Nothing runs here, so every argument vector can be checked (and
// fuzzed) without side effects; cli.tsx carries the action out.
import { Command, CommanderError } from 'commander';
import { pick, type Lang } from '../labs/kit/i18n.js';
import type { Lab } from '../labs/kit/lab.js';
import { ParamError } from '../labs/kit/params.js';
import { INPUT, OK, type Outcome } from '../labs/kit/outcome.js';
import { findLab, getLab, labs } from '../labs/registry.js';
import { abbreviate, BACKEND_CHOICES, shownValue, type BackendChoice } from '../labs/engine-api.js';
import type { RunOptions } from '../labs/kit/run.js';
import { summaryLab } from '../labs/course/summary/lab.js';
import { runOptionsOf, type AppSettings } from '../ui/session/settings.js';
import { VERSION } from '../version.js';
import { displayWidth } from '../ui/format.js';
import { wrapCjk } from '../ui/render/cjk-wrap.js';
import { readConfig } from './config.js';
import { readLecture, type Lecture } from './lecture-file.js';
import { COMMAND_HELP, helpLang } from './help-text.js';
import { addCommonOptions, addOutputOptions, flagParams, OPTION_HELP, paramOptions, type CommonOptions, type OutputFlags } from './options.js';
import { labForRun } from './run-prescan.js';
import { looksLikePath } from './user-lab.js';
import { UsageError } from './usage-error.js';
import { CommandLine, type OutputOptions } from './command-line.js';
import { SETTING_KEYS, SETTING_VALUES, settingValue, type FileSettings, type SettingKey } from './settings-file.js';

export type Action =
  | { kind: 'print'; stdout: string; stderr: string; outcome: Outcome }
  | { kind: 'menu'; app: AppSettings }
  | { kind: 'list'; json: boolean; lang: Lang }
  | { kind: 'run'; lab: Lab; run: RunOptions; output: OutputOptions; app: AppSettings }
  | { kind: 'summary'; run: RunOptions; output: OutputOptions }
  | { kind: 'doctor'; json: boolean; backend: BackendChoice; threads: number | undefined; gpu?: number }
  | { kind: 'play'; lecture: Lecture; output: OutputOptions; app: AppSettings }
  /** nnlab config: show the settings, or set or unset one in the settings file. */
  | { kind: 'config'; json: boolean; change?: { key: SettingKey; value?: FileSettings[SettingKey] } };

/** argv → Action. Usage errors come back as a 'print' action whose outcome is an input error. */
export async function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Action> {
  let stdout = '';
  let stderr = '';
  const line = new CommandLine(env);
  const usage = (message: string): Action => ({ kind: 'print', stdout, stderr: stderr + `nnlab: ${message}\n`, outcome: INPUT });
  try {
    const namedLab = await labForRun(argv);
    let action: Action | undefined;
    let pending: Promise<Action> | undefined;
    const program = buildProgram(
      line,
      helpLang(argv, env),
      namedLab,
      (a) => (action = a),
      (p) => (pending = p),
    );
    program.exitOverride();
    // Commander says "error: …"; every message of nnlab starts "nnlab: …".
    const output = {
      writeOut: (s: string) => (stdout += s),
      writeErr: (s: string) => (stderr += s),
      outputError: (s: string, write: (s: string) => void) => write(s.replace(/^error: /, 'nnlab: ')),
    };
    program.configureOutput(output);
    for (const command of program.commands) {
      command.exitOverride();
      command.configureOutput(output);
    }
    program.parse([...argv], { from: 'user' });
    if (pending) action = await pending;
    return action ?? { kind: 'print', stdout, stderr, outcome: OK };
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return { kind: 'print', stdout, stderr, outcome: OK };
      return { kind: 'print', stdout, stderr: stderr + "Run 'nnlab --help' (or 'nnlab run <lab> --help') for the allowed flags.\n", outcome: INPUT };
    }
    // A parameter's error in the run's language where it has one (the app's panel says the same).
    if (err instanceof ParamError) return usage(err.localized[helpLang(argv, env)]);
    if (err instanceof UsageError) return usage(err.message);
    throw err;
  }
}

function buildProgram(
  line: CommandLine,
  lang: Lang,
  namedLab: Lab | undefined,
  done: (action: Action) => void,
  later: (action: Promise<Action>) => void,
): Command {
  const say = (key: keyof typeof COMMAND_HELP) => pick(COMMAND_HELP[key], lang);
  const program = new Command('nnlab')
    .description(say('program'))
    .version(VERSION, '-V, --version', pick(OPTION_HELP.version, lang))
    // Options after a command belong to that command (run has its own --backend, --seed, …).
    .enablePositionalOptions()
    .usage('[options] [command]')
    .showSuggestionAfterError(true);
  addCommonOptions(program, lang)
    .argument('[command]')
    .action((unknown: string | undefined, options: CommonOptions) => {
      if (unknown !== undefined) {
        const hint = findLab(unknown) ? ` (to run lab '${unknown}': nnlab run ${unknown})` : '';
        throw new UsageError(`unknown command '${abbreviate(unknown)}'${hint}: the commands are run, list, summary, play, doctor, config`);
      }
      done({ kind: 'menu', app: line.app(options) });
    });
  // Options given before the command (nnlab --lang zh-TW run sigmoid) are the command's where it
  // has them, and the command's own, given after it, win. One the command does not have is refused:
  // never silently dropped.
  program.hook('preSubcommand', (_, command) => {
    for (const option of program.options) {
      const key = option.attributeName();
      if (program.getOptionValueSource(key) !== 'cli') continue;
      if (!command.options.some((own) => own.attributeName() === key)) {
        throw new UsageError(`${option.long} does not apply to 'nnlab ${command.name()}' (its options: nnlab ${command.name()} --help)`);
      }
      command.setOptionValueWithSource(key, program.getOptionValue(key), 'cli');
    }
  });

  program
    .command('list')
    .description(say('list'))
    .option('--json', say('listJson'))
    .option('--lang <lang>', say('listLang'))
    .action((options: { json?: boolean; lang?: string }) => done({ kind: 'list', json: Boolean(options.json), lang: line.lang(options.lang) }));

  // The run command carries the named lab's own flags, so commander parses and documents them.
  const run = program
    .command('run')
    .argument('<lab>', `${say('labArg')} (${labs.map((l) => `${l.number} ${l.id}`).join(', ')}) ${say('labFile')}`)
    .description(namedLab ? `${pick(namedLab.title, lang)}: ${pick(namedLab.summary, lang)}` : say('run'));
  addOutputOptions(run, true, lang);
  addCommonOptions(run, lang);
  for (const spec of namedLab?.params ?? []) paramOptions(spec, lang).forEach((option) => run.addOption(option));
  run.action((key: string, options: CommonOptions & OutputFlags, command: Command) => {
    const lab = namedLab && (looksLikePath(key) || namedLab.id === key || String(namedLab.number) === key) ? namedLab : getLab(key);
    const config = options.config ? readConfig(options.config, lab) : undefined;
    const flags = flagParams(lab, command);
    const params = { ...config?.params, ...flags };
    const app = line.app({
      ...options,
      backend: options.backend ?? (config?.run.backend as string | undefined),
      lang: options.lang ?? (config?.run.lang as string | undefined),
      seed: options.seed ?? (config?.run.seed === undefined ? undefined : String(config.run.seed)),
    });
    const output = line.output(options, options);
    done({ kind: 'run', lab, run: runOptionsOf(app, { params }), output, app });
  });

  // `summary` is a run of the summary tool lab: the same flag machinery and output modes.
  const summary = program
    .command('summary')
    .description(say('summary'))
    .option('--json', say('summaryJson'))
    .option('--quiet', say('summaryQuiet'))
    .option('--lang <lang>', pick(OPTION_HELP.lang, lang));
  for (const spec of summaryLab.params) paramOptions(spec, lang).forEach((option) => summary.addOption(option));
  summary.action((options: OutputFlags & { lang?: string }, command: Command) => {
    done({
      kind: 'summary',
      run: { params: flagParams(summaryLab, command), backend: 'cpu', lang: line.lang(options.lang) },
      output: line.output(options, {}),
    });
  });

  const play = program.command('play').argument('<lecture.json>', say('playArg')).description(say('play'));
  addOutputOptions(play, false, lang);
  addCommonOptions(play, lang);
  play.action((path: string, options: CommonOptions & OutputFlags) => {
    const app = line.app(options);
    const output = line.output(options, options);
    later(readLecture(path).then((lecture) => ({ kind: 'play', lecture, output, app })));
  });

  program
    .command('doctor')
    .description(say('doctor'))
    .option('--json', say('doctorJson'))
    .option('--backend <name>', `${say('doctorBackend')}: ${BACKEND_CHOICES.join('|')}`)
    .option('--threads <n>', pick(OPTION_HELP.threads, lang))
    .option('--gpu <n>', pick(OPTION_HELP.gpu, lang))
    // Taken (and checked) as every command takes it, so that an alias such as nnlab='nnlab --lang zh-TW' works here too.
    .option('--lang <lang>', pick(OPTION_HELP.lang, lang))
    .action((options: { json?: boolean; backend?: string; threads?: string; lang?: string; gpu?: string }) => {
      line.lang(options.lang);
      const gpu = line.gpu(options.gpu);
      done({
        kind: 'doctor',
        json: Boolean(options.json),
        backend: line.backend(options.backend),
        threads: line.threads(options.threads),
        ...(gpu !== undefined ? { gpu } : {}),
      });
    });
  program
    .command('config')
    .description(say('config'))
    .argument('[action]', 'set or unset')
    .argument('[key]', SETTING_KEYS.join('|'))
    .argument('[value]')
    .option('--json', say('configJson'))
    .option('--lang <lang>', pick(OPTION_HELP.lang, lang))
    .action((verb: string | undefined, key: string | undefined, value: string | undefined, options: { json?: boolean; lang?: string }) => {
      // Checked without reading the settings file: config is how a broken one is mended.
      if (options.lang !== undefined) line.lang(options.lang);
      if (verb === undefined) return done({ kind: 'config', json: Boolean(options.json) });
      if (verb !== 'set' && verb !== 'unset')
        throw new UsageError(`nnlab config ${shownValue(verb)}: the actions are set and unset (nnlab config alone shows the settings)`);
      if (!key || !(SETTING_KEYS as readonly string[]).includes(key))
        throw new UsageError(`nnlab config ${verb}: the key must be one of ${SETTING_KEYS.join(', ')} (got ${shownValue(key)})`);
      const setting = key as SettingKey;
      if (verb === 'unset') return done({ kind: 'config', json: Boolean(options.json), change: { key: setting } });
      if (value === undefined) throw new UsageError(`config set ${setting}: give a value: ${SETTING_VALUES[setting]}`);
      const typed = setting === 'ascii' || setting === 'mouse' ? (value === 'true' ? true : value === 'false' ? false : value) : value;
      done({ kind: 'config', json: Boolean(options.json), change: { key: setting, value: settingValue(setting, typed, `config set ${setting}`) } });
    });

  for (const command of [program, ...program.commands]) {
    command.helpOption('-h, --help', pick(OPTION_HELP.help, lang));
    // Columns, not characters: a CJK character is two wide and may break anywhere.
    if (lang === 'zh-TW') command.configureHelp({ displayWidth, boxWrap: (text, width) => wrapCjk(text, width).join('\n') });
  }
  return program;
}

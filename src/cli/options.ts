// The options commander knows: nnlab's own (common and output), and one flag
// (or two, for true/false) per parameter a lab declares.
import { Command, Option } from 'commander';
import { pick, type Lang } from '../labs/i18n.js';
import type { Lab } from '../labs/lab.js';
import { allowedValues, formatParam, parseParam, type ParamSpec } from '../labs/params.js';
import { BACKEND_CHOICES } from '../labs/engine-api.js';
import { DEFAULT_SEED } from '../labs/run.js';

export interface CommonOptions {
  backend?: string;
  lang?: string;
  color?: boolean;
  theme?: string;
  ascii?: boolean;
  mouse?: boolean;
  seed?: string;
  delay?: string;
  threads?: string;
}

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
  quiet?: boolean;
  out?: string;
  csv?: string;
  config?: string;
}

export function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--backend <name>', `compute backend: ${BACKEND_CHOICES.join('|')} (env NNLAB_BACKEND)`))
    .option('--seed <n>', `random seed, an integer ≥ 0 (default ${DEFAULT_SEED})`)
    .option('--lang <lang>', 'language: en|zh-TW (default from LANG)')
    .option('--no-color', 'no colour (NO_COLOR is respected too)')
    .option('--theme <name>', 'full-screen app colours: dark|light (a white background)|contrast (projectors, no faint text) (env NNLAB_THEME; default from COLORFGBG, else dark)')
    .option('--ascii', 'draw with ASCII only, no box-drawing characters')
    .option('--no-mouse', "full-screen app: leave the mouse to the terminal (its own text selection); by default the wheel scrolls, and Shift+drag selects text in most terminals")
    .option('--delay <ms>', 'full-screen app: wait this long between steps (lectures)')
    .option('--threads <n>', 'CPU threads for the wasm backend (env NNLAB_THREADS; default one per usable core, at most 8)');
}

export function addOutputOptions(command: Command, withConfig = true): Command {
  command
    .option('--json', 'write one LabEvent per line (NDJSON) and nothing else on stdout')
    .option('--plain', 'text output even in a terminal')
    .option('--quiet', 'text mode: print only the result')
    .option('--out <file>', 'also write the NDJSON stream to this file')
    .option('--csv <file>', 'also write per-step and per-epoch metrics as CSV to this file');
  if (withConfig) command.option('--config <file.json>', 'parameter values from a JSON file (flags win)');
  return command;
}

/**
 * The CLI options of a declared parameter; values are parsed by parseParam after
 * commander collects them. A boolean takes --flag, --flag true|false, --flag=false and --no-flag.
 */
export function paramOptions(spec: ParamSpec, lang: Lang): Option[] {
  const fallback = formatParam(spec.default);
  const help = `${pick(spec.help, lang)} — ${allowedValues(spec)}${fallback === '' ? '' : ` (default ${fallback})`}`;
  if (spec.type !== 'boolean') return [new Option(`--${spec.name} <value>`, help)];
  return [new Option(`--${spec.name} [true|false]`, help), new Option(`--no-${spec.name}`, `the same as --${spec.name} false`)];
}

/** The parameters given as flags (only those: defaults come from the declarations). */
export function flagParams(lab: Lab, command: Command): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const spec of lab.params) {
    const option = command.options.find((o) => o.long === `--${spec.name}`);
    const value = option ? command.getOptionValue(option.attributeName()) : undefined;
    if (value !== undefined) given[spec.name] = typeof value === 'string' ? parseParam(spec, value) : value;
  }
  return given;
}

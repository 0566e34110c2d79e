// The options every command shares, read from the flags and the environment
// (NNLAB_BACKEND, NNLAB_THREADS, LANG, NO_COLOR, NNLAB_THEME) and checked: a
// value that is not allowed is a UsageError naming the flag or variable.
import { isLang, langFromEnv, type Lang } from '../labs/kit/i18n.js';
import { BACKEND_CHOICES, type BackendChoice, checkOutputFolder, isBackendChoice, shownValue } from '../labs/engine-api.js';
import type { AppSettings } from '../ui/session/settings.js';
import { chooseTheme, THEME_NAMES, type ThemeName } from '../ui/render/theme.js';
import type { CommonOptions, OutputFlags } from './options.js';
import { UsageError } from './usage-error.js';
import { readSettingsFile, settingsPath, type FileSettings } from './settings-file.js';

export interface OutputOptions {
  json: boolean;
  plain: boolean;
  quiet: boolean;
  ascii: boolean;
  /** Also write the NDJSON stream to this file. */
  out?: string;
  /** Also write per-step / per-epoch metrics as CSV to this file. */
  csv?: string;
  /** Write the run's pictures as SVG files into this folder. */
  plots?: string;
}

const MAX_SEED = 2 ** 32 - 1;
/** A GPU's number past this is a typo: a box has a handful. */
const MAX_GPU = 63;
/** More threads than this is a typo: the wasm backend uses at most 8 anyway. */
const MAX_THREADS = 1024;

export class CommandLine {
  private file: FileSettings | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The settings file's values, read once (nnlab config says where it is). */
  get saved(): FileSettings {
    return (this.file ??= readSettingsFile(settingsPath(this.env)));
  }

  backend(value: string | undefined): BackendChoice {
    const chosen = value ?? this.env.NNLAB_BACKEND ?? 'auto';
    if (!isBackendChoice(chosen)) {
      const from = value !== undefined ? '--backend' : 'NNLAB_BACKEND';
      throw new UsageError(`${from} must be one of ${BACKEND_CHOICES.join(', ')} (got ${shownValue(chosen)})`);
    }
    return chosen;
  }

  threads(value: string | undefined): number | undefined {
    const from = value !== undefined ? '--threads' : 'NNLAB_THREADS';
    const raw = value ?? (this.env.NNLAB_THREADS || undefined);
    if (raw === undefined) return undefined;
    return integer(from, raw, MAX_THREADS, 1);
  }

  /** --gpu N: a GPU's number in doctor's list. */
  gpu(value: string | undefined): number | undefined {
    return integer('--gpu', value, MAX_GPU);
  }

  lang(value: string | undefined): Lang {
    // The file is a choice made for nnlab; LANG is the whole system's: the file wins over LANG.
    if (value === undefined) return this.saved.lang ?? langFromEnv(this.env);
    if (!isLang(value)) throw new UsageError(`--lang must be en or zh-TW (got ${shownValue(value)})`);
    return value;
  }

  color(flag: boolean | undefined): boolean {
    return flag !== false && !(this.env.NO_COLOR !== undefined && this.env.NO_COLOR !== '');
  }

  theme(value: string | undefined): ThemeName {
    const chosen = chooseTheme(value, this.env, this.saved.theme);
    if ('invalid' in chosen) throw new UsageError(`${chosen.from} must be one of ${THEME_NAMES.join(', ')} (got ${shownValue(chosen.invalid)})`);
    return chosen.name;
  }

  app(options: CommonOptions): AppSettings {
    return {
      lang: this.lang(options.lang),
      color: this.color(options.color),
      theme: this.theme(options.theme),
      ascii: Boolean(options.ascii ?? this.saved.ascii),
      mouse: options.mouse === false ? false : (this.saved.mouse ?? true),
      backend: this.backend(options.backend),
      threads: this.threads(options.threads),
      gpu: this.gpu(options.gpu),
      seed: integer('--seed', options.seed, MAX_SEED),
      delayMs: integer('--delay', options.delay, 60_000),
    };
  }

  output(flags: OutputFlags, common: CommonOptions): OutputOptions {
    // Text modes are for text output: with --json they would be silently ignored.
    for (const [flag, given] of [
      ['--quiet', flags.quiet],
      ['--plain', flags.plain],
    ] as const) {
      if (flags.json && given) throw new UsageError(`--json and ${flag} do not go together: ${flag} is for text output`);
    }
    // A folder for the pictures: found wanting (a file, a file above it, not writable) before the run, not after it.
    if (flags.plots !== undefined) checkOutputFolder(flags.plots, `--plots ${flags.plots}`);
    return {
      json: Boolean(flags.json),
      plain: Boolean(flags.plain),
      quiet: Boolean(flags.quiet),
      ascii: Boolean(common.ascii ?? this.saved.ascii),
      out: flags.out,
      csv: flags.csv,
      plots: flags.plots,
    };
  }
}

function integer(flag: string, raw: unknown, max: number, min = 0): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${flag} must be an integer from ${min} to ${max} (got ${shownValue(raw)})`);
  return Number(text);
}

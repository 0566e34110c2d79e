// A lab declares its parameters once; this one declaration drives the CLI
// flags and their validation, the help text, the parameter editor and
// `nnlab list --json`.
import { abbreviate, shownValue } from '../../engine/describe.js';
import { InputError } from '../../engine/input-error.js';
import type { Lang, Localized } from './i18n.js';
import type { ParamValue, ParamValues } from './events.js';

interface ParamBase {
  /** Flag name in kebab-case: `--batch-size`. */
  name: string;
  help: Localized;
  /** The lab reads it afresh every step: it may change while the lab runs (see live.ts). */
  live?: true;
}

export interface NumberParam extends ParamBase {
  type: 'number' | 'int';
  default: number;
  min: number;
  max: number;
}

export interface NumbersParam extends ParamBase {
  type: 'numbers';
  default: number[];
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
}

export interface ChoiceParam extends ParamBase {
  type: 'choice';
  default: string;
  choices: readonly string[];
}

export interface BooleanParam extends ParamBase {
  type: 'boolean';
  default: boolean;
}

export interface StringParam extends ParamBase {
  type: 'string';
  default: string;
  /** What it accepts, in words, where "text" says too little: "a class index (2) or one value per prediction (0,0,1)". */
  accepts?: Localized;
  /**
   * A path the lab writes: a file (written beside, then renamed into place) or a
   * folder. The runner checks it before the start event, and that no two
   * outputs of the run (its --out and --csv too) are one file.
   */
  output?: 'file' | 'folder';
}

export type ParamSpec = NumberParam | NumbersParam | ChoiceParam | BooleanParam | StringParam;

/**
 * A parameter value that breaks its declaration; the message names the flag and what is allowed.
 * The message is English (it goes to stderr, for scripts too); `localized` words it for the app's parameter panel.
 */
export class ParamError extends InputError {
  constructor(
    message: string,
    readonly localized: Localized = { en: message, 'zh-TW': message },
  ) {
    super(message);
  }
}

/** 1e-6 rather than 0.000001. */
const bound = (n: number): string => (n !== 0 && Math.abs(n) < 1e-3 ? n.toExponential() : String(n));

function describeRange(spec: NumberParam | NumbersParam, lang: Lang): string {
  if (lang === 'zh-TW') return `${bound(spec.min)} 到 ${bound(spec.max)} 的${spec.type === 'int' ? '整數' : '數'}`;
  const kind = spec.type === 'int' ? 'an integer' : 'a number';
  return `${kind} from ${bound(spec.min)} to ${bound(spec.max)}`;
}

/** What the parameter accepts, in words: used by errors and help. */
export function allowedValues(spec: ParamSpec, lang: Lang = 'en'): string {
  const zh = lang === 'zh-TW';
  switch (spec.type) {
    case 'number':
    case 'int':
      return describeRange(spec, lang);
    case 'numbers':
      return zh
        ? `${spec.minLength}–${spec.maxLength} 個以逗號分隔的數，每個介於 ${bound(spec.min)} 到 ${bound(spec.max)}`
        : `${spec.minLength}–${spec.maxLength} comma-separated numbers, each from ${bound(spec.min)} to ${bound(spec.max)}`;
    case 'choice':
      return zh ? `${spec.choices.join('、')} 之一` : `one of ${spec.choices.join(', ')}`;
    case 'boolean':
      return zh ? 'true 或 false' : 'true or false';
    case 'string':
      return spec.accepts ? spec.accepts[lang] : zh ? '文字' : 'text';
  }
}

function fail(spec: ParamSpec, raw: unknown): never {
  const got = shownValue(raw);
  throw new ParamError(`--${spec.name} must be ${allowedValues(spec)} (got ${got})`, {
    en: `--${spec.name} must be ${allowedValues(spec)} (got ${got})`,
    'zh-TW': `--${spec.name} 必須是 ${allowedValues(spec, 'zh-TW')}（收到 ${got}）`,
  });
}

/** Strict number parsing: "1e-2" and "-3" yes; "", "1x", "0x10" no. */
function parseNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function inRange(spec: NumberParam | NumbersParam, value: number): boolean {
  return value >= spec.min && value <= spec.max && (spec.type !== 'int' || Number.isInteger(value));
}

/** Parses a value given as text (a CLI flag, a field typed in the editor). */
export function parseParam(spec: ParamSpec, raw: string): ParamValue {
  switch (spec.type) {
    case 'number':
    case 'int': {
      const value = parseNumber(raw);
      if (value === undefined || !inRange(spec, value)) fail(spec, raw);
      return value;
    }
    case 'numbers': {
      const values = raw.trim() === '' ? [] : raw.split(',').map(parseNumber);
      if (values.length < spec.minLength || values.length > spec.maxLength) fail(spec, raw);
      values.forEach((v) => {
        if (v === undefined || !inRange(spec, v)) fail(spec, raw);
      });
      return values as number[];
    }
    case 'choice':
      if (!spec.choices.includes(raw)) fail(spec, raw);
      return raw;
    case 'boolean':
      if (!['true', 'false', 'yes', 'no', '1', '0'].includes(raw)) fail(spec, raw);
      return ['true', 'yes', '1'].includes(raw);
    case 'string':
      return raw;
  }
}

/** Checks a value that arrives already typed (a JSON config, the programmatic API). */
export function checkParam(spec: ParamSpec, value: unknown): ParamValue {
  if (typeof value === 'string' && spec.type !== 'string') return parseParam(spec, value);
  switch (spec.type) {
    case 'number':
    case 'int':
      if (typeof value !== 'number' || !inRange(spec, value)) fail(spec, value);
      return value;
    case 'numbers':
      if (
        !Array.isArray(value) ||
        value.length < spec.minLength ||
        value.length > spec.maxLength ||
        !value.every((v) => typeof v === 'number' && inRange(spec, v))
      )
        fail(spec, value);
      return value as number[];
    case 'choice':
      if (typeof value !== 'string' || !spec.choices.includes(value)) fail(spec, value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') fail(spec, value);
      return value;
    case 'string':
      if (typeof value !== 'string') fail(spec, value);
      return value;
  }
}

export function defaults(specs: readonly ParamSpec[]): ParamValues {
  return Object.fromEntries(specs.map((spec) => [spec.name, spec.default]));
}

/** Defaults overlaid with given values; unknown names are errors, not ignored. */
export function resolveParams(specs: readonly ParamSpec[], given: Record<string, unknown>): ParamValues {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const values = defaults(specs);
  for (const [name, value] of Object.entries(given)) {
    const spec = byName.get(name);
    if (!spec) {
      const known = specs.map((s) => s.name).join(', ') || 'none';
      throw new ParamError(`unknown parameter '${abbreviate(name)}' (this lab's parameters: ${known})`, {
        en: `unknown parameter '${abbreviate(name)}' (this lab's parameters: ${known})`,
        'zh-TW': `沒有參數 '${abbreviate(name)}'（這個實驗的參數：${known}）`,
      });
    }
    values[name] = checkParam(spec, value);
  }
  return values;
}

/** The value as text, as the CLI would take it back. */
export function formatParam(value: ParamValue): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

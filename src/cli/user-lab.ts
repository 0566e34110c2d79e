// `nnlab run ./my-lab.js`: a lab module written against nnlab's public API.
import { errorMessage } from '../labs/engine-api.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Localized } from '../labs/kit/i18n.js';
import type { Lab } from '../labs/kit/lab.js';
import { checkParam, type ParamSpec } from '../labs/kit/params.js';
import { resolveNnlabForLabs } from './nnlab-resolver.js';
import { UsageError } from './usage-error.js';

/** A lab argument that names a file rather than a built-in lab. */
export const looksLikePath = (key: string): boolean => /[\\/]/.test(key) || /\.(m?js|cjs)$/.test(key);

/** A text in both languages from what a lab module gave: a string, { en, 'zh-TW' }, one of them, or nothing. */
function localized(value: unknown, fallback: string): Localized {
  if (typeof value === 'string') return { en: value, 'zh-TW': value };
  const given = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const text = (key: string) => (typeof given[key] === 'string' ? (given[key] as string) : undefined);
  const any = Object.values(given).find((v): v is string => typeof v === 'string');
  const en = text('en') ?? any ?? fallback;
  return { en, 'zh-TW': text('zh-TW') ?? en };
}

const PARAM_TYPES = ['number', 'int', 'choice', 'boolean', 'string', 'numbers'];

/** A declaration that cannot work: no range, no choices, or a default it refuses itself. */
function declarationProblem(spec: ParamSpec): string | undefined {
  if (
    (spec.type === 'number' || spec.type === 'int' || spec.type === 'numbers') &&
    !(Number.isFinite(spec.min) && Number.isFinite(spec.max) && spec.min <= spec.max)
  ) {
    return '"min" and "max" must be numbers, min ≤ max';
  }
  if (spec.type === 'choice' && (!Array.isArray(spec.choices) || spec.choices.length === 0 || !spec.choices.every((c) => typeof c === 'string'))) {
    return '"choices" must be a non-empty list of strings';
  }
  try {
    checkParam(spec, spec.default);
  } catch (err) {
    return `its "default" does not fit its own declaration (${errorMessage(err)})`;
  }
  return undefined;
}

/** What is wrong with a lab's parameter declarations; `reserved` are nnlab's own flags (json, out, seed…). */
function paramProblems(params: unknown[], reserved: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, spec] of params.entries()) {
    const { name, type } = (spec ?? {}) as Partial<ParamSpec>;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name))
      problems.push(`params[${i}]: "name" must be lower-case letters, digits and dashes, like "lr" or "batch-size"`);
    else if (reserved.has(name) || (name.startsWith('no-') && reserved.has(name.slice(3))))
      problems.push(`parameter "${name}" clashes with nnlab's own --${name}; rename it`);
    else if (seen.has(name)) problems.push(`parameter "${name}" is declared twice`);
    else if (!PARAM_TYPES.includes(String(type))) problems.push(`parameter "${name}": "type" must be one of ${PARAM_TYPES.join(', ')}`);
    else {
      const problem = declarationProblem(spec as ParamSpec);
      if (problem) problems.push(`parameter "${name}": ${problem}`);
    }
    if (typeof name === 'string') seen.add(name);
  }
  return problems;
}

/**
 * Where a module's syntax error is: Node's import() does not say (its stack starts
 * in Node's own loader), but `node --check` prints the file, the line and a caret
 * under the column. Undefined where that cannot be told.
 */
function syntaxErrorAt(file: string): { line: number; column: number } | undefined {
  // A .js lab without "type": "module" beside it is still an ES module to nnlab's import().
  const asModule = file.endsWith('.cjs') ? [] : ['--experimental-default-type=module'];
  const check = spawnSync(process.execPath, [...asModule, '--no-warnings', '--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (check.stderr ?? '').split('\n');
  const at = lines.findIndex((line) => line.startsWith(`${file}:`) && /:\d+$/.test(line));
  if (at < 0) return undefined;
  const line = Number(/:(\d+)$/.exec(lines[at])![1]);
  const caret = lines.slice(at + 1, at + 4).find((l) => /^\s*\^+\s*$/.test(l));
  return { line, column: caret ? caret.indexOf('^') + 1 : 1 };
}

export async function loadUserLab(path: string, reservedFlags: ReadonlySet<string> = new Set()): Promise<Lab> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`${path}: no such lab file`);
  resolveNnlabForLabs();
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    const where = err instanceof SyntaxError ? syntaxErrorAt(file) : undefined;
    throw new UsageError(
      `${path}${where ? `:${where.line}:${where.column}` : ''}: cannot load the lab module: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
  const candidate = (mod.default ?? mod.lab) as (Partial<Lab> & { title?: unknown; summary?: unknown }) | undefined;
  const problems: string[] = [];
  if (!candidate || typeof candidate !== 'object') problems.push('no default export (or export named "lab")');
  else {
    if (typeof candidate.id !== 'string' || !/^[\w-]+$/.test(candidate.id)) problems.push('"id" must be a word like "my-lab"');
    // (That it returns an async iterable the runner checks when it calls it: transpiled generators are plain functions.)
    if (typeof candidate.run !== 'function') problems.push('"run" must be an async generator function yielding LabEvents: async *run(ctx) { yield … }');
    if (candidate.params !== undefined && !Array.isArray(candidate.params)) problems.push('"params" must be an array of parameter declarations');
    else problems.push(...paramProblems(candidate.params ?? [], reservedFlags));
    const keys = (candidate as { keys?: unknown }).keys;
    if (
      keys !== undefined &&
      !(Array.isArray(keys) && keys.every((k) => k && typeof k.key === 'string' && [...k.key].length === 1 && typeof k.change === 'function'))
    )
      problems.push('"keys" must be a list of { key: one character, help, change(params) }');
  }
  if (problems.length > 0) throw new UsageError(`${path}: not a lab: ${problems.join('; ')}`);
  const lab = candidate as Lab;
  return {
    ...lab,
    number: typeof lab.number === 'number' ? lab.number : 0,
    title: localized(candidate!.title, lab.id),
    summary: localized(candidate!.summary, ''),
    params: (lab.params ?? []).map((spec) => ({ ...spec, help: localized(spec.help, spec.name) })),
    ...(lab.keys
      ? { keys: lab.keys.map((k) => ({ ...k, help: localized(k.help, k.key), ...(k.limit !== undefined ? { limit: localized(k.limit, '') } : {}) })) }
      : {}),
  };
}

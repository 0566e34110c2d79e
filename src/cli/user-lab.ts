// `nnlab run ./my-lab.js`: a lab module written against nnlab's public API.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Localized } from '../labs/i18n.js';
import type { Lab } from '../labs/lab.js';
import { UsageError } from './usage-error.js';

/** A lab argument that names a file rather than a built-in lab. */
export const looksLikePath = (key: string): boolean => /[\\/]/.test(key) || /\.(m?js|cjs)$/.test(key);

const localized = (value: unknown, fallback: string): Localized =>
  typeof value === 'string' ? { en: value, 'zh-TW': value } : ((value as Localized | undefined) ?? { en: fallback, 'zh-TW': fallback });

export async function loadUserLab(path: string): Promise<Lab> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`${path}: no such lab file`);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw new UsageError(`${path}: cannot load the lab module: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const candidate = (mod.default ?? mod.lab) as Partial<Lab> & { title?: unknown; summary?: unknown } | undefined;
  const problems: string[] = [];
  if (!candidate || typeof candidate !== 'object') problems.push('no default export (or export named "lab")');
  else {
    if (typeof candidate.id !== 'string' || !/^[\w-]+$/.test(candidate.id)) problems.push('"id" must be a word like "my-lab"');
    if (typeof candidate.run !== 'function') problems.push('"run" must be an async generator function yielding LabEvents');
    if (candidate.params !== undefined && !Array.isArray(candidate.params)) problems.push('"params" must be an array of parameter declarations');
  }
  if (problems.length > 0) throw new UsageError(`${path}: not a lab: ${problems.join('; ')}`);
  const lab = candidate as Lab;
  return {
    ...lab,
    number: typeof lab.number === 'number' ? lab.number : 0,
    title: localized(candidate!.title, lab.id),
    summary: localized(candidate!.summary, ''),
    params: (lab.params ?? []).map((spec) => ({ ...spec, help: localized(spec.help, spec.name) })),
  };
}

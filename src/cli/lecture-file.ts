// `nnlab play <lecture.json>`: a lecture as a sequence of lab runs.
// { "title": "…", "steps": [ { "title": "…", "lab": "descent", "params": { "lr": 0.5 }, "seed": 1 } ] }
import { abbreviate } from '../labs/engine-api.js';
import { dirname, resolve } from 'node:path';
import type { Lecture, LectureStep } from '../labs/kit/lecture.js';
import { resolveParams } from '../labs/kit/params.js';
import { findLab, labs } from '../labs/registry.js';
import { loadUserLab, looksLikePath } from './user-lab.js';
import { readJsonFile } from './read-json.js';
import { UsageError } from './usage-error.js';

export type { Lecture, LectureStep } from '../labs/kit/lecture.js';

/** The keys a lecture and each of its steps may have: anything else is a typo, refused as --config refuses one. */
const LECTURE_KEYS = ['title', 'steps'];
const STEP_KEYS = ['title', 'lab', 'params', 'seed'];

/** The first key of `object` outside `known`, named with the keys that are. */
function unknownKey(object: object, known: readonly string[]): string | undefined {
  const key = Object.keys(object).find((k) => !known.includes(k));
  return key === undefined ? undefined : `unknown key "${abbreviate(key)}" (the keys: ${known.join(', ')})`;
}

export async function readLecture(path: string): Promise<Lecture> {
  const json = readJsonFile(path, path, 'no such lecture file') as { title?: unknown; steps?: unknown } | null;
  if (!json || typeof json !== 'object' || Array.isArray(json) || !Array.isArray(json.steps) || json.steps.length === 0) {
    throw new UsageError(`${path}: a lecture is an object with a non-empty "steps" array`);
  }
  const topLevel = unknownKey(json, LECTURE_KEYS);
  if (topLevel) throw new UsageError(`${path}: ${topLevel}`);
  if (json.title !== undefined && typeof json.title !== 'string') throw new UsageError(`${path}: "title" must be text`);
  const steps: LectureStep[] = [];
  for (const [i, raw] of (json.steps as Record<string, unknown>[]).entries()) {
    const where = `${path}: step ${i + 1}`;
    if (!raw || typeof raw !== 'object' || (typeof raw.lab !== 'string' && typeof raw.lab !== 'number')) {
      throw new UsageError(`${where}: needs "lab" (a lab number, id or lab file)`);
    }
    const unknown = unknownKey(raw, STEP_KEYS);
    if (unknown) throw new UsageError(`${where}: ${unknown}`);
    if (raw.title !== undefined && typeof raw.title !== 'string') throw new UsageError(`${where}: "title" must be text`);
    if (raw.params !== undefined && (raw.params === null || typeof raw.params !== 'object' || Array.isArray(raw.params))) {
      throw new UsageError(`${where}: "params" must be an object of parameter values, like { "lr": 0.5 } (got ${JSON.stringify(raw.params)})`);
    }
    const key = String(raw.lab);
    const lab = looksLikePath(key) ? await loadUserLab(resolve(dirname(path), key)) : findLab(key);
    if (!lab) throw new UsageError(`${where}: unknown lab '${abbreviate(key)}' (labs: ${labs.map((l) => l.id).join(', ')})`);
    const params = (raw.params ?? {}) as Record<string, unknown>;
    try {
      // Resolved first: `validate?.(…)` would skip evaluating its argument when a lab has no validate.
      const resolved = resolveParams(lab.params, params);
      lab.validate?.(resolved);
    } catch (err) {
      throw new UsageError(`${where} (lab '${lab.id}'): ${(err as Error).message}`);
    }
    if (raw.seed !== undefined && (!Number.isInteger(raw.seed) || (raw.seed as number) < 0)) throw new UsageError(`${where}: "seed" must be an integer ≥ 0`);
    steps.push({ title: typeof raw.title === 'string' ? raw.title : undefined, lab, params, seed: raw.seed as number | undefined });
  }
  return { title: typeof json.title === 'string' ? json.title : undefined, steps };
}

// The numbered labs, in course order.
import { abbreviate } from '../engine/describe.js';
import type { Lab } from './kit/lab.js';
import { ParamError } from './kit/params.js';
import { sigmoidLab } from './course/sigmoid/lab.js';
import { lossesLab } from './course/losses/lab.js';
import { descentLab } from './course/descent/lab.js';
import { batchesLab } from './course/batches/lab.js';
import { backpropLab } from './course/backprop/lab.js';
import { gpuLab } from './course/gpu/lab.js';
import { errorsLab } from './course/errors/lab.js';
import { mlpLab } from './course/mlp/lab.js';
import { playgroundLab } from './course/playground/lab.js';

/** The course, in order: a lab's number is its place here (a new lab is one file and one line). */
const COURSE: readonly Lab[] = [sigmoidLab, lossesLab, descentLab, batchesLab, backpropLab, mlpLab, gpuLab, errorsLab, playgroundLab];

export const labs: readonly Lab[] = COURSE.map((lab, i) => ({ ...lab, number: i + 1 }));

/** A lab by number ("1") or id ("sigmoid"). */
export function findLab(key: string): Lab | undefined {
  return labs.find((lab) => lab.id === key || String(lab.number) === key);
}

export function getLab(key: string): Lab {
  const lab = findLab(key);
  if (!lab) {
    const known = labs.map((l) => `${l.number} ${l.id}`).join(', ');
    throw new ParamError(`unknown lab '${abbreviate(key)}' (labs: ${known})`);
  }
  return lab;
}

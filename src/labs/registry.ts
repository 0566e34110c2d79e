// The numbered labs, in course order.
import { abbreviate } from '../engine/describe.js';
import type { Lab } from './lab.js';
import { ParamError } from './params.js';
import { sigmoidLab } from './sigmoid.js';
import { lossesLab } from './losses.js';
import { descentLab } from './descent.js';
import { batchesLab } from './batches.js';
import { backpropLab } from './backprop.js';
import { gpuLab } from './gpu.js';
import { errorsLab } from './errors.js';
import { mlpLab } from './mlp.js';
import { playgroundLab } from './playground.js';

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

// The numbered labs, in course order.
import type { Lab } from './lab.js';
import { ParamError } from './params.js';
import { sigmoidLab } from './sigmoid.js';

export const labs: readonly Lab[] = [sigmoidLab];

/** A lab by number ("1") or id ("sigmoid"). */
export function findLab(key: string): Lab | undefined {
  return labs.find((lab) => lab.id === key || String(lab.number) === key);
}

export function getLab(key: string): Lab {
  const lab = findLab(key);
  if (!lab) {
    const known = labs.map((l) => `${l.number} ${l.id}`).join(', ');
    throw new ParamError(`unknown lab '${key}' (labs: ${known})`);
  }
  return lab;
}

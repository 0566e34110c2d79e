// A dataset in memory: pixels scaled to [0, 1], one row per image (C×H×W order,
// as PyTorch's ToTensor lays it out), labels as class indices.
import { readFileSync } from 'node:fs';
import { InputError } from '../input-error.js';

export interface Split {
  /** n × features, row-major. */
  x: Float32Array;
  y: Int32Array;
  n: number;
}

export interface Dataset {
  name: string;
  /** [C, H, W]. */
  inputShape: [number, number, number];
  classNames: string[];
  train: Split;
  test?: Split;
}

/** A data file that cannot be read as what it claims to be; the message names the file and where. */
export class DataError extends InputError {}

/** A file's bytes, or a DataError naming it (and, when it is missing, what was expected there). */
export function readDataFile(path: string, whenMissing = 'no such file'): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${path}: ${whenMissing}` : `${path}: cannot be read (${code ?? String(err)})`);
  }
}

export const features = (dataset: Pick<Dataset, 'inputShape'>): number => dataset.inputShape.reduce((a, b) => a * b, 1);

/** The rows at the given indices, in that order. */
export function pickRows(split: Split, indices: readonly number[], width: number): Split {
  const x = new Float32Array(indices.length * width);
  const y = new Int32Array(indices.length);
  indices.forEach((row, i) => {
    x.set(split.x.subarray(row * width, (row + 1) * width), i * width);
    y[i] = split.y[row];
  });
  return { x, y, n: indices.length };
}

/** The input shape for n pixels per image: 784 → 1×28×28, 3072 → 3×32×32, a square → 1×s×s. */
export function shapeForPixels(n: number): [number, number, number] {
  if (n === 3072) return [3, 32, 32];
  const side = Math.round(Math.sqrt(n));
  return side * side === n ? [1, side, side] : [1, 1, n];
}

// A dataset in memory: pixels scaled to [0, 1], one row per image (C×H×W order,
// as PyTorch's ToTensor lays it out), labels as class indices.
import { readFileSync } from 'node:fs';
import { InputError } from '../input-error.js';

export interface Split {
  /** n × features, row-major. */
  x: Float32Array;
  y: Int32Array;
  n: number;
  /**
   * The images as their bytes, where the data set is images (x = pixels / 255):
   * nnlab's CPU step trains from these, and then x is never made.
   */
  pixels?: Uint8Array;
}

/**
 * A split of images kept as bytes, with x (a float copy 4 times their size)
 * made on first use only: a training run on the CPU step never reads x, and
 * MNIST's 60,000 images are 47 MB as bytes, 188 MB as floats.
 */
export function imageSplit(pixels: Uint8Array, y: Int32Array, n: number): Split {
  let x: Float32Array | undefined;
  return {
    pixels,
    y,
    n,
    get x() {
      x ??= unitFloats(pixels);
      return x;
    },
  };
}

/** Rows start … start + count − 1 as floats: a view of x, or converted from the bytes (without making the whole x). */
export function rowsOf(split: Split, start: number, count: number): Float32Array {
  const width = rowWidth(split);
  if (!split.pixels) return split.x.subarray(start * width, (start + count) * width);
  return unitFloats(split.pixels.subarray(start * width, (start + count) * width));
}

/** Pixel bytes as the floats x holds (byte / 255), written into out from offset at. */
export function unitFloats(bytes: Uint8Array, out: Float32Array = new Float32Array(bytes.length), at = 0): Float32Array {
  for (let i = 0; i < bytes.length; i++) out[at + i] = bytes[i] / 255;
  return out;
}

/** The split's images as bytes (kept, or recovered from x where every value is a whole number of 255ths); otherwise why not. */
export function imageBytes(split: Split): Uint8Array | string {
  if (split.pixels) return split.pixels;
  const { x } = split;
  const bytes = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i] * 255);
    if (v < 0 || v > 255 || Math.abs(v - x[i] * 255) > 1e-3) return `its inputs are not pixels (${x[i]} at ${i} is not a whole number of 255ths in [0, 1])`;
    bytes[i] = v;
  }
  return bytes;
}

/** Values per row, read without making a lazy x. */
export const rowWidth = (split: Split): number => (split.pixels ?? split.x).length / split.n;

export interface Dataset {
  name: string;
  /** [C, H, W]. */
  inputShape: [number, number, number];
  classNames: string[];
  train: Split;
  test?: Split;
  /** What a person should know about the files before training on them (the lab shows each as a warning). */
  warnings?: string[];
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
  if (split.pixels) {
    const pixels = new Uint8Array(indices.length * width);
    indices.forEach((row, i) => pixels.set(split.pixels!.subarray(row * width, (row + 1) * width), i * width));
    return imageSplit(
      pixels,
      Int32Array.from(indices, (row) => split.y[row]),
      indices.length,
    );
  }
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

// CIFAR-10's binary version: records of 1 label byte + 3072 pixel bytes
// (1024 red, 1024 green, 1024 blue: already C×H×W).
import { join } from 'node:path';
import { DataError, imageSplit, readDataFile, type Dataset, type Split } from './dataset.js';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const PIXELS = 3 * 32 * 32;
const RECORD = 1 + PIXELS;

export function readCifarBatch(path: string): Split {
  const buffer = readDataFile(path, 'no such file (a CIFAR-10 folder holds data_batch_1.bin … data_batch_5.bin and test_batch.bin)');
  if (buffer.length === 0 || buffer.length % RECORD !== 0) {
    const whole = Math.floor(buffer.length / RECORD);
    throw new DataError(
      `${path}: ${buffer.length} bytes is not a whole number of ${RECORD}-byte records (truncated after record ${whole}, at offset ${whole * RECORD})`,
    );
  }
  const n = buffer.length / RECORD;
  const pixels = new Uint8Array(n * PIXELS);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const offset = i * RECORD;
    const label = buffer[offset];
    if (label > 9) throw new DataError(`${path}: label ${label} of record ${i} (offset ${offset}) is out of range (classes 0–9)`);
    y[i] = label;
    pixels.set(buffer.subarray(offset + 1, offset + 1 + PIXELS), i * PIXELS);
  }
  return imageSplit(pixels, y, n);
}

function concat(splits: Split[]): Split {
  const n = splits.reduce((s, p) => s + p.n, 0);
  const pixels = new Uint8Array(n * PIXELS);
  const y = new Int32Array(n);
  let at = 0;
  for (const split of splits) {
    pixels.set(split.pixels!, at * PIXELS);
    y.set(split.y, at);
    at += split.n;
  }
  return imageSplit(pixels, y, n);
}

export function loadCifar10(dir: string): Dataset {
  const train = concat([1, 2, 3, 4, 5].map((i) => readCifarBatch(join(dir, `data_batch_${i}.bin`))));
  const test = readCifarBatch(join(dir, 'test_batch.bin'));
  return { name: 'CIFAR-10', inputShape: [3, 32, 32], classNames: CIFAR10_CLASSES, train, test };
}

